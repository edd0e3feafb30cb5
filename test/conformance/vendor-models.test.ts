import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Vendor } from "../../provider/http/errors";
import * as runtime from "../../provider/lifecycle/runtime";
import type { Inputs, TaskKind } from "../../provider/tasks/kind";
import { kinds } from "../../provider/tasks/registry";
import { int, oneOf } from "../../provider/tasks/schema";
import { body, post, stopBy } from "../../provider/tasks/volcengine/common";
import { vendorModels, type VendorModel } from "../../provider/vendors/model";
import { fixtures, validInputs } from "../unit/tasks/fixtures";
import { coverageGaps, fullInputs, requestsOf, WireCapture, wireIssues, widerThanVendor, type Captured, type Unsupported } from "./oracle";

/**
 * Model conformance of every task kind (issue 11): the vendors' own request models are the oracle
 * (provider/vendors/<vendor>/model.json, each naming its sources). Inputs are generated from the
 * fixtures written from each kind's rules (test/unit/tasks/fixtures/); every request is captured
 * off the wire. oracle.ts explains the three checks; the last block plants a mistake for each and
 * shows that it fires.
 */

/** Model fields no input of ours can send, each with the reason. */
const UNSUPPORTED: Readonly<Record<Vendor, Unsupported>> = {
  volcengine: {
    UpdatePushMixedStreamToCDN: {
      IsUpdatePartialParam:
        "every update sends the whole desired state (left out, the vendor resets a field), so partial updates are not used",
      SequenceNumber: "orders partial updates; whole-state updates are idempotent and need no order",
    },
    GetPushMixedStreamToCDNTask: {
      UserId: "names tasks started by a client SDK; ours are started through the server API and read by TaskId",
    },
    GetPushSingleStreamToCDNTask: { UserId: "names tasks started by a client SDK; ours are read by TaskId" },
  },
  tencent: {
    UpdatePublishCdnStream: {
      "AudioParams.AudioEncode":
        "the audio encoding of a running task cannot change: a change replaces the task, and an update sends only the mixing lists",
    },
    StopPublishCdnStream: {
      RecordKey:
        "a recording tied to a RecordKey then ends after its resume wait, so a replacing task can go on recording into the same file",
    },
  },
  zego: {},
};

const SAMPLES = Number(process.env.FC_NUM_RUNS ?? 60);
const FULL_SAMPLES = 8;
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number, offset = 0): T[] => fc.sample(arb, { numRuns, seed: seed + offset });

const capture = new WireCapture();
const saved = { ...process.env };
beforeAll(async () => {
  await capture.start();
  delete process.env.ZEGO_IS_TEST;
  Object.assign(process.env, capture.env());
});
afterAll(async () => {
  await capture.close();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

/** Valid inputs of a kind, as check completes them (auto-names filled); refused ones are dropped and counted. */
async function validSamples(kind: TaskKind, arb: fc.Arbitrary<Inputs>, numRuns: number, offset: number): Promise<Inputs[]> {
  const out: Inputs[] = [];
  for (const raw of sample(arb, numRuns, offset)) {
    const r = await runtime.check({}, raw);
    if ((r.failures ?? []).length === 0) out.push(r.inputs as Inputs);
  }
  return out;
}

const kindsOf = (vendor: Vendor) => [...kinds.values()].filter((k) => k.vendor === vendor);
const captured: Record<Vendor, Captured[]> = { volcengine: [], tencent: [], zego: [] };

describe.each(["volcengine", "tencent", "zego"] as const)("%s: requests against the vendor's model", (vendor) => {
  const model = vendorModels[vendor];

  describe.each(kindsOf(vendor).map((k) => [k.type, k] as const))("%s", (_type, kind) => {
    const fixture = fixtures[kind.type]!;

    it(`sends only requests the model accepts: paths, types, ranges and rules (seed ${seed})`, async () => {
      const inputs = [
        ...(await validSamples(kind, validInputs(fixture), SAMPLES, 0)),
        ...(await validSamples(kind, fullInputs(fixture), FULL_SAMPLES * 2, 1)),
      ];
      expect(inputs.length, "too few generated inputs passed check: fix the fixture").toBeGreaterThan(SAMPLES / 2);
      const sent: Captured[] = [];
      for (const [i, news] of inputs.entries()) sent.push(...(await requestsOf(kind, capture, news, inputs[(i + 1) % inputs.length])));
      captured[vendor].push(...sent);
      expect(wireIssues(model, sent)).toEqual([]);
    });

    it(`refuses at check what the vendor's model refuses (seed ${seed})`, async () => {
      const wider = new Set<string>();
      const inputs = await validSamples(kind, fullInputs(fixture), FULL_SAMPLES, 2);
      expect(inputs.length, "no full input passed check: fix the fixture").toBeGreaterThan(0);
      for (const input of inputs) for (const w of await widerThanVendor(kind, model, capture, input)) wider.add(w);
      expect([...wider]).toEqual([]);
    });
  });

  it("sends every field of the model for some input, or lists it as unsupported with a reason", () => {
    const actions = [...new Set(captured[vendor].map((c) => c.action))];
    expect(actions.sort(), "the kinds' requests were not captured: run the whole file").toEqual(Object.keys(model.actions).sort());
    expect(coverageGaps(model, actions, captured[vendor], UNSUPPORTED[vendor])).toEqual([]);
    for (const reasons of Object.values(UNSUPPORTED[vendor]))
      for (const reason of Object.values(reasons)) expect(reason.length).toBeGreaterThan(20);
  });
});

describe("each check fires on a planted mistake", () => {
  const single = kinds.get("VolcengineSingleRelayToCdn")!;
  const mixed = kinds.get("VolcengineMixedRelayToCdn")!;
  const publicStream = kinds.get("VolcenginePublicStream")!;
  const volcengine = vendorModels.volcengine;
  const some = async (kind: TaskKind, n = 6) => validSamples(kind, fullInputs(fixtures[kind.type]!), n, 7);
  const sentBy = async (kind: TaskKind, inputs: Inputs[]) => (await Promise.all(inputs.map((i) => requestsOf(kind, capture, i)))).flat();

  it("requests: a field spelled our way (PushUrl), and spatialPosition sent as an object", async () => {
    const misspelled: TaskKind = {
      ...single,
      start: async (c, i) => {
        const { PushURL, ...rest } = body(i);
        await post(c, "StartPushSingleStreamToCDN", { ...rest, PushUrl: PushURL, Control: {} }, true);
        return {};
      },
    };
    const [input] = await some(single, 1);
    const issues = wireIssues(volcengine, await sentBy(misspelled, [input!]));
    expect(issues).toContainEqual(expect.stringMatching(/^StartPushSingleStreamToCDN PushUrl: is not a field/));
    expect(issues).toContainEqual(expect.stringMatching(/^StartPushSingleStreamToCDN PushURL: is required/));

    const asObject: TaskKind = {
      ...mixed,
      start: async (c, i) => {
        const b = body(i) as { Layout?: { CustomLayout?: { Regions?: Record<string, unknown>[] } } };
        for (const r of b.Layout?.CustomLayout?.Regions ?? []) r.SpatialPosition = { X: 1, Y: 2, Z: 3 };
        await post(c, "StartPushMixedStreamToCDN", b as Record<string, unknown>, true);
        return {};
      },
    };
    const withRegions = (await some(mixed, 8)).filter((i) => JSON.stringify(i).includes('"regions":[{'));
    expect(withRegions.length).toBeGreaterThan(0);
    expect(wireIssues(volcengine, await sentBy(asObject, withRegions))).toContainEqual(
      expect.stringMatching(/^StartPushMixedStreamToCDN Layout\.CustomLayout\.Regions\[\]\.SpatialPosition: must be a list of exactly 3/),
    );
  });

  it("coverage: a field never sent (Stop without BusinessId), one dropped from the unsupported list, and one listed though sent", async () => {
    const noBusinessId: TaskKind = { ...publicStream, stop: stopBy("StopPushPublicStream", ["appId", "publicStreamId"]) };
    const inputs = await some(publicStream);
    expect(coverageGaps(volcengine, ["StopPushPublicStream"], await sentBy(noBusinessId, inputs), {})).toEqual([
      "StopPushPublicStream BusinessId: in the model, never sent, and not listed as unsupported",
    ]);
    const sent = await sentBy(publicStream, inputs);
    expect(coverageGaps(volcengine, ["StopPushPublicStream"], sent, {})).toEqual([]);
    expect(coverageGaps(volcengine, ["StopPushPublicStream"], sent, { StopPushPublicStream: { BusinessId: "planted" } })).toEqual([
      "StopPushPublicStream BusinessId: listed as unsupported, but sent",
    ]);
    const mixedSent = await sentBy(mixed, await some(mixed));
    const { SequenceNumber: _kept, ...withoutOne } = UNSUPPORTED.volcengine.UpdatePushMixedStreamToCDN!;
    expect(coverageGaps(volcengine, ["UpdatePushMixedStreamToCDN"], mixedSent, { UpdatePushMixedStreamToCDN: withoutOne })).toEqual([
      "UpdatePushMixedStreamToCDN SequenceNumber: in the model, never sent, and not listed as unsupported",
    ]);
  });

  it("ranges: a maxIdleTime up to 100000 s, and a vendor rule our schema does not know", async () => {
    const shape = (single.schema as unknown as z.ZodObject).shape;
    const wide: TaskKind = {
      ...single,
      schema: z.strictObject({
        ...shape,
        control: z.strictObject({ maxIdleTime: int(10, 100000).optional(), mediaType: oneOf([0, 1], "0 or 1").optional() }).optional(),
      }),
    };
    const inputs = (await some(single)).filter((i) => (i.control as { maxIdleTime?: number } | undefined)?.maxIdleTime !== undefined);
    expect(inputs.length).toBeGreaterThan(0);
    expect(await widerThanVendor(wide, volcengine, capture, inputs[0]!)).toContainEqual(
      expect.stringMatching(/^control\.maxIdleTime = 86401 is accepted, and the vendor refuses it/),
    );
    expect(await widerThanVendor(single, volcengine, capture, inputs[0]!)).toEqual([]);

    // A rule planted in a copy of the model: audio-only relays at most 600 s idle.
    const planted: VendorModel = {
      ...volcengine,
      rules: { ...volcengine.rules, SingleControl: [{ if: { MediaType: 1 }, then: { MaxIdleTime: { max: 600 } } }] },
    };
    const audioOnly = inputs.map((i) => ({ ...i, control: { ...(i.control as object), mediaType: 1, maxIdleTime: 300 } }));
    expect(await widerThanVendor(single, planted, capture, audioOnly[0]!)).toContainEqual(
      expect.stringMatching(/^control\.maxIdleTime = 601 is accepted.*MaxIdleTime \{"max":600\} when \{"MediaType":1\}/),
    );
  });
});
