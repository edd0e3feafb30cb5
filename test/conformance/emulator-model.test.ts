import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { ZEGO_TEST_CREDENTIALS } from "../../provider/emulator/zego";
import { isRtcError, type Vendor } from "../../provider/http/errors";
import * as runtime from "../../provider/lifecycle/runtime";
import { kinds } from "../../provider/tasks/registry";
import type { Inputs } from "../../provider/tasks/kind";
import { fieldPaths, genericPath, vendorModels, type FieldSpec } from "../../provider/vendors/model";
import { tencentCall } from "../../provider/vendors/tencent/client";
import { volcengineCall } from "../../provider/vendors/volcengine/client";
import { zegoRequest } from "../../provider/vendors/zego/client";
import { fixtures } from "../unit/tasks/fixtures";
import { fullInputs, outsideValues, WireCapture, type Captured } from "./oracle";

/**
 * The emulator holds requests to the same vendor models the conformance tests use: each start
 * request our kinds send is accepted, and the same request with one field moved outside the model
 * (a value out of its range, a field the model does not name, a required one left out) is refused
 * with the vendor's own parameter error.
 */

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const MUTATIONS_PER_REQUEST = 30;

let emu: RunningEmulator;
const capture = new WireCapture();
const saved = { ...process.env };
const useEnv = (env: Record<string, string>) => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved, env, { RTC_TASKS_LOG: "quiet" });
};
beforeAll(async () => {
  emu = await startEmulator();
  await capture.start();
});
afterAll(async () => {
  await Promise.all([emu.close(), capture.close()]);
  useEnv({});
});

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The start request each kind sends for a full valid input, captured off the wire. */
async function startRequests(type: string): Promise<Captured[]> {
  useEnv(capture.env());
  const kind = kinds.get(type)!;
  const out: Captured[] = [];
  for (const raw of fc.sample(fullInputs(fixtures[type]!), { numRuns: 4, seed })) {
    const r = await runtime.check({}, raw);
    if ((r.failures ?? []).length > 0) continue;
    capture.take();
    await kind.start({ redact: (s) => s }, r.inputs as Inputs);
    out.push(...capture.take());
  }
  return out;
}

/** Sends a request as the vendor's client does; answers the vendor's error code, or undefined for success. */
async function send(vendor: Vendor, action: string, params: Obj): Promise<string | undefined> {
  try {
    if (vendor === "volcengine") await volcengineCall({ action, version: "2023-11-01", method: "POST", params, idempotent: false });
    else if (vendor === "tencent") await tencentCall({ action, params, idempotent: false });
    else {
      const {
        Action: _a,
        AppId: _id,
        SignatureNonce: _n,
        Timestamp: _t,
        Signature: _s,
        SignatureVersion: _v,
        IsTest: _i,
        ...business
      } = params as Record<string, string>;
      const conn = { creds: ZEGO_TEST_CREDENTIALS, endpoint: new URL(emu.endpoints.zego!), isTest: false };
      const res = (await (await fetch(zegoRequest(conn, action, business).url)).json()) as { Code: number };
      return res.Code === 0 ? undefined : String(res.Code);
    }
    return undefined;
  } catch (e) {
    if (isRtcError(e) && e.vendorCode) return e.vendorCode;
    throw e;
  }
}

/** The same request with one thing broken: a value outside its field's rule, an unknown field, a required field left out. */
function mutations(model: typeof vendorModels.volcengine, action: string, params: Obj): { what: string; params: Obj; spec?: FieldSpec }[] {
  const request = model.actions[action]!.request;
  const specs = new Map(fieldPaths(model, request).map((p) => [p.path, p.spec]));
  const out: { what: string; params: Obj; spec?: FieldSpec }[] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    const path = at
      .map((k) => (typeof k === "number" ? `[${k}]` : k))
      .join(".")
      .replace(/\.\[/g, "[");
    const spec = specs.get(genericPath(path));
    if (spec && at.length > 0) {
      for (const bad of outsideValues(spec, v))
        out.push({ what: `${path} = ${JSON.stringify(bad)?.slice(0, 40)}`, params: setAt(params, at, bad), spec });
      if (spec.required) out.push({ what: `${path} left out`, params: setAt(params, at, undefined), spec });
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(params, []);
  out.push({ what: "an unknown top-level field", params: { ...params, NotAField: 1 } });
  return out;
}

function setAt(v: Obj, path: (string | number)[], value: unknown): Obj {
  const out = structuredClone(v);
  let parent = out as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  if (value === undefined) delete parent[path[path.length - 1]!];
  else parent[path[path.length - 1]!] = value;
  return out;
}

const PARAMETER_ERROR: Record<Vendor, (code: string, spec?: FieldSpec) => boolean> = {
  volcengine: (code) => code.startsWith("InvalidParameter"),
  tencent: (code) => ["MissingParameter", "UnknownParameter", "InvalidParameter", "InvalidParameterValue"].includes(code),
  zego: (code, spec) => code === String(spec?.refusedWith ?? 5005),
};

describe.each([...kinds.values()].map((k) => [k.type, k.vendor] as const))(
  "the emulator holds %s to its vendor's model",
  (type, vendor) => {
    it(`accepts the kind's start requests, and refuses each with one field outside the model (seed ${seed})`, async () => {
      const model = vendorModels[vendor];
      const requests = await startRequests(type);
      expect(requests.length).toBeGreaterThan(0);
      useEnv(emu.env());
      const accepted: string[] = [];
      for (const r of requests) {
        await fetch(`${emu.baseUrl}/_emulator/reset`, { method: "POST" });
        const ok = await send(vendor, r.action, r.params);
        expect(ok, `${r.action} as the kind sends it`).toBeUndefined();
        const all = mutations(model, r.action, r.params);
        for (const m of fc.sample(fc.constantFrom(...all), { numRuns: Math.min(MUTATIONS_PER_REQUEST, all.length), seed })) {
          await fetch(`${emu.baseUrl}/_emulator/reset`, { method: "POST" });
          const code = await send(vendor, r.action, m.params);
          if (code === undefined || !PARAMETER_ERROR[vendor](code, m.spec))
            accepted.push(`${r.action} ${m.what}: answered ${code ?? "success"}`);
        }
      }
      expect(accepted).toEqual([]);
    });
  },
);
