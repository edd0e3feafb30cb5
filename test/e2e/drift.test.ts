import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedTask } from "../../provider/emulator";
import { assertNoSecrets, exampleStack, runPulumi, type ExampleStack } from "./harness";

/**
 * Refresh reads back what Volcengine runs, through the real engine (issue 14): no spurious diff for
 * tasks that leave settings to the vendor's defaults, drift made behind Pulumi's back shown by
 * `pulumi refresh` and undone by `pulumi up` (in place for the custom-layout mix, by replacement for
 * the kinds without an update call), and the warning for a relay that cannot reach its CDN.
 * About 2 minutes on a shared 2-core machine.
 */
const STREAM_KEY = "driftkey-5a4b3c2d1e0f";

describe("drift and live status through the real Pulumi engine", () => {
  let ex: ExampleStack;
  const task = (kind: string): EmulatedTask => {
    const found = ex.running().filter((t) => t.kind === kind);
    if (found.length !== 1) throw new Error(`expected one running ${kind}, found ${found.length}`);
    return found[0]!;
  };
  const behindTheBack = (t: EmulatedTask, settings: Record<string, unknown>) =>
    ex.admin("POST", "tasks/settings", { vendor: t.vendor, key: t.key, settings });
  const printed = (run: { stdout: string; stderr: string }) => `${run.stdout}\n${run.stderr}`;

  beforeAll(async () => {
    ex = await exampleStack("drift", { secretConfig: { pushBase: "rtmp://push.example.com/live", streamKey: STREAM_KEY } });
  });
  afterAll(async () => ex?.dispose());

  it("starts the three tasks, and a refresh right after finds nothing to change", async () => {
    await ex.stack.up();
    expect(
      ex
        .running()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(["PushMixedStreamToCDN", "PushSingleStreamToCDN", "Webcast"]);
    const preview = await runPulumi(ex, ["preview", "--refresh", "--expect-no-changes", "--diff"]);
    expect(preview.code, printed(preview)).toBe(0);
    const refresh = await runPulumi(ex, ["refresh", "--yes", "--expect-no-changes"]);
    expect(refresh.code, printed(refresh)).toBe(0);
    expect(printed(refresh)).not.toMatch(/changed outside Pulumi/);
    // The refresh filled the status outputs, and they are no change for the engine.
    const mix = (await ex.stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::stage-mix"));
    expect(mix.outputs).toMatchObject({ taskStatus: "running", pushStatus: "pushing", taskStartTime: expect.any(String) });
    await ex.stack.preview({ expectNoChanges: true });
    // A program reads them like any output (stack outputs are computed by the next up).
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 4 });
    expect(up.outputs.mixStatus!.value).toBe("running");
    expect(up.outputs.mixPush!.value).toBe("pushing");
    expect(Date.parse(String(up.outputs.slidesSince!.value))).toBe(task("Webcast").startedAt);
  });

  it("shows settings changed outside Pulumi as drift at refresh, for each kind it reads back", async () => {
    await behindTheBack(task("PushMixedStreamToCDN"), {
      Encode: { VideoFps: 24 },
      Layout: { CustomLayout: { Canvas: { Background: "#FF0000" } } },
    });
    await behindTheBack(task("PushSingleStreamToCDN"), { Control: { MaxIdleTime: 900 } });
    await behindTheBack(task("Webcast"), { MaxRunningTime: 7200 });
    const refresh = await runPulumi(ex, ["refresh", "--yes", "--diff"]);
    const out = printed(refresh);
    expect(refresh.code, out).toBe(0);
    expect(out).toMatch(
      /stage-mix.*runs with settings other than declared, changed outside Pulumi \(layout\.customLayout\.canvas\.background, encode\.videoFps\); `pulumi up` puts the declared ones back, in place/,
    );
    expect(out).toMatch(
      /guest-relay.*changed outside Pulumi \(control\.maxIdleTime\); `pulumi up` puts the declared ones back, by replacing the task \(control cannot change in place\)/,
    );
    expect(out).toMatch(/slides.*changed outside Pulumi \(maxRunningTime\); .*by replacing the task/);
    expect(out).toMatch(/videoFps\s*:?\s*24/);
    expect(out).toMatch(/\b3 updated\b/);
    assertNoSecrets(out, [STREAM_KEY, ...ex.secrets], "pulumi refresh's output");
  });

  it("puts the declared settings back on up: in place for the mix, by replacement for the others", async () => {
    const mix = task("PushMixedStreamToCDN");
    const [oldGuest, oldSlides] = [task("PushSingleStreamToCDN"), task("Webcast")];
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1, replace: 2 });
    await ex.stack.up();
    expect(task("PushMixedStreamToCDN")).toBe(mix);
    expect(mix.updates).toBe(1);
    expect(mix.params.Encode).toBeUndefined(); // the program leaves it to the vendor's defaults again
    expect(mix.params.Layout).toEqual({ LayoutMode: 2, CustomLayout: { Regions: [{ StreamIndex: 0, Width: 640, Height: 480 }] } });
    const [guest, slides] = [task("PushSingleStreamToCDN"), task("Webcast")];
    expect(guest.key).not.toBe(oldGuest.key);
    expect(guest.params.Control).toEqual({});
    expect(slides.params.MaxRunningTime).toBeUndefined();
    expect([oldGuest.status, oldSlides.status]).toEqual(["ended", "ended"]);
    const again = await runPulumi(ex, ["preview", "--refresh", "--expect-no-changes"]);
    expect(again.code, printed(again)).toBe(0);
  });

  it("warns at refresh, naming the task, when a running relay is reconnecting to its CDN", async () => {
    const guest = task("PushSingleStreamToCDN");
    await ex.admin("POST", "tasks/live", { vendor: "volcengine", key: guest.key, pushState: 3 });
    const refresh = await runPulumi(ex, ["refresh", "--yes"]);
    expect(refresh.code, printed(refresh)).toBe(0);
    expect(printed(refresh)).toContain(
      `rtc-tasks: warning: Volcengine single-stream relay to CDN ${guest.key}: runs, but is not pushing to its CDN (push status: reconnecting); check the push URL and the CDN`,
    );
    const state = JSON.stringify((await ex.stack.exportStack()).deployment);
    expect(state).toContain('"pushStatus":"reconnecting"');
    assertNoSecrets(ex.storedState(), [STREAM_KEY, ...ex.secrets], "the stored stack state");
  });
});
