import { describe, expect, it } from "vitest";
import { KNOWN_AFTER_APPLY, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, redact, renderValue } from "../../../provider/report";
import { revealed } from "../../../provider/report/secrets";
import { taskType, urnOf, taskState, step, volcInputs, createStep, updateStep, report, allText } from "./builders";

describe("secrets and unknowns", () => {
  it("renders engine-masked secrets as [secret]", () => {
    const r = report([
      updateStep("VolcengineWebcast", "c", volcInputs({ streamKey: "[secret]" }), volcInputs({ streamKey: "[secret]" }), {
        replaceReasons: [],
        diffReasons: ["streamKey"],
      }),
    ]);
    expect(r.rows[0]?.changes).toEqual([{ name: "streamKey", old: "[secret]", new: "[secret]" }]);
  });

  it("masks signature-wrapped secrets and additionalSecretOutputs, never printing the plaintext", () => {
    const wrapped = { [SIG_KEY]: SECRET_SIG, plaintext: '"PLAINTEXT-WRAPPED"' };
    const oldState = taskState(
      "ZegoCdnTransferRule",
      "z",
      { streamId: "s1", cdnUrl: "rtmp://cdn/live/s1", token: wrapped },
      {
        streamId: "s1",
        cdnUrl: "rtmp://cdn/live/s1",
        token: wrapped,
        signedUrl: "PLAINTEXT-LISTED",
      },
    );
    oldState["additionalSecretOutputs"] = ["signedUrl"];
    const newState = taskState("ZegoCdnTransferRule", "z", {
      streamId: "s1",
      cdnUrl: "rtmp://cdn/live/s1",
      token: { nested: wrapped },
      signedUrl: "PLAINTEXT-LISTED-2",
    });
    const r = report([step("update", oldState["urn"] as string, { oldState, newState, diffReasons: ["token", "signedUrl"] })]);
    const text = allText(r);
    expect(text).not.toContain("PLAINTEXT");
    expect(r.rows[0]?.changes).toEqual([
      { name: "token", old: "[secret]", new: '{"nested":"[secret]"}' },
      { name: "signedUrl", old: "[secret]", new: "[secret]" },
    ]);
  });

  it("redacts stream keys and signatures carried in URL query strings", () => {
    const url = (k: string) => `rtmp://push.example.com/live/room1?txSecret=${k}&txTime=65A0F0&wsSecret=${k}2&auth_key=${k}3&sign=${k}4`;
    const r = report([
      updateStep("VolcengineSingleRelayToCdn", "s", volcInputs({ target: url("OLDKEY") }), volcInputs({ target: url("NEWKEY") })),
    ]);
    const text = allText(r);
    expect(text).not.toMatch(/OLDKEY|NEWKEY/);
    expect(r.rows[0]?.changes[0]?.new).toBe(
      "rtmp://push.example.com/live/room1?txSecret=[secret]&txTime=65A0F0&wsSecret=[secret]&auth_key=[secret]&sign=[secret]",
    );
  });

  it("redacts inside nested values, identities and diagnostics too", () => {
    const cdnUrl = "rtmp://cdn.example.com/live/s1?token=ZEGOTOKEN";
    const r = report(
      [
        createStep("ZegoCdnTransferRule", "z", { streamId: "s1", cdnUrl }),
        updateStep("VolcengineWebcast", "c", volcInputs({ targets: [{ url: "https://x/y?key=NESTEDKEY" }] }), volcInputs({ targets: [] })),
      ],
      {
        diagnostics: [
          {
            urn: urnOf(taskType("ZegoCdnTransferRule"), "z"),
            message: "push to https://u:PASSWORD@h/x?secret=DIAGKEY failed",
            severity: "error",
          },
        ],
      },
    );
    const text = allText(r);
    expect(text).not.toMatch(/ZEGOTOKEN|NESTEDKEY|DIAGKEY|PASSWORD/);
    expect(r.rows.find((x) => x.name === "z")?.identity).toBe("s1/rtmp://cdn.example.com/live/s1?token=[secret]");
  });

  it("redact() keeps harmless parameters and whole URLs without keys", () => {
    expect(redact("rtmp://a/live/s?txTime=1&bitrate=2")).toBe("rtmp://a/live/s?txTime=1&bitrate=2");
    expect(redact("https://a/b?access_token=x&streamKey=y#frag")).toBe("https://a/b?access_token=[secret]&streamKey=[secret]#frag");
    expect(redact("rtmp://user:pw@host/app")).toBe("rtmp://user:[secret]@host/app");
  });

  it("renders unknown values as known after apply, never the placeholder", () => {
    const r = report([
      createStep("VolcengineMixedRelayToCdn", "mix", volcInputs({ roomId: UNKNOWN_VALUE })),
      updateStep("VolcengineWebcast", "c", volcInputs(), volcInputs({ layout: { mode: UNKNOWN_VALUE } })),
    ]);
    expect(r.rows.find((x) => x.name === "mix")?.identity).toBe(`app-1/${KNOWN_AFTER_APPLY}/task-1`);
    expect(r.rows.find((x) => x.name === "c")?.changes).toEqual([
      { name: "layout.mode", old: "grid", new: KNOWN_AFTER_APPLY },
      { name: "layout.background", old: "#000000", new: "(none)" },
    ]);
    const whole = report([
      updateStep("VolcengineWebcast", "c", volcInputs({ layout: [1] }), volcInputs({ layout: { mode: UNKNOWN_VALUE } })),
    ]);
    expect(whole.rows[0]?.changes).toEqual([{ name: "layout", old: "[1]", new: `{"mode":"${KNOWN_AFTER_APPLY}"}` }]);
    expect(allText(r)).not.toContain(UNKNOWN_VALUE);
  });

  it("renderValue covers scalars, absence and truncation", () => {
    expect(renderValue(undefined)).toBe("(none)");
    expect(renderValue(null)).toBe("null");
    expect(renderValue(true)).toBe("true");
    expect(renderValue("")).toBe('""');
    expect(renderValue("a\nb")).toBe('"a\\nb"');
    const long = renderValue({ regions: Array.from({ length: 20 }, (_, i) => ({ x: i, y: i })) });
    expect(long.length).toBe(80);
    expect(long.endsWith("…")).toBe(true);
  });

  it("reveals `stack export --show-secrets` values at any depth, as the program gave them", () => {
    const sealed = (v: unknown) => ({ [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(v) });
    const exported = {
      streamId: "show",
      cdnUrl: sealed("rtmp://cdn.example/live/s?key=k1"),
      publishCdnParams: [{ publishCdnUrl: sealed("rtmp://a?txSecret=k2"), isTencentCdn: 1 }],
      nested: sealed({ roomId: "hall", inner: sealed(7) }),
      other: { [SIG_KEY]: "not-a-secret-signature", plaintext: '"kept"' },
    };
    expect(revealed(exported)).toEqual({
      streamId: "show",
      cdnUrl: "rtmp://cdn.example/live/s?key=k1",
      publishCdnParams: [{ publishCdnUrl: "rtmp://a?txSecret=k2", isTencentCdn: 1 }],
      nested: { roomId: "hall", inner: 7 },
      other: { [SIG_KEY]: "not-a-secret-signature", plaintext: '"kept"' },
    });
  });
});
