import { describe, expect, it } from "vitest";
import { isRtcError } from "../../../provider/http/errors";
import { kinds } from "../../../provider/tasks/registry";
import { VOLCENGINE_VERSION } from "../../../provider/tasks/volcengine/common";
import { tencentCall } from "../../../provider/vendors/tencent/client";
import type { Vendor } from "../../../provider/vendors/vendor";
import { volcengineCall } from "../../../provider/vendors/volcengine/client";
import { zegoCall } from "../../../provider/vendors/zego/client";
import { useEmulator } from "../fixtures/emulator";

type Step = "start" | "update" | "stop" | "read";

/**
 * Each vendor's client, called as the kinds call it but with no business parameters, and the code
 * its gateway answers for an action it does not have. A refused parameter is an answer: the action
 * is there.
 */
const VENDORS: Record<Vendor, { unknownAction: string; ask(step: Step, action: string): Promise<unknown> }> = {
  volcengine: {
    unknownAction: "InvalidActionOrVersion",
    // The kinds read with GET and do everything else with POST (tasks/volcengine/common.ts).
    ask: (step, action) =>
      volcengineCall({ action, version: VOLCENGINE_VERSION, method: step === "read" ? "GET" : "POST", params: {}, idempotent: true }),
  },
  tencent: { unknownAction: "InvalidAction", ask: (_step, action) => tencentCall({ action, params: {}, idempotent: true }) },
  zego: { unknownAction: "100000007", ask: (_step, action) => zegoCall({ action, streamId: "coverage", params: {}, idempotent: true }) },
};

/** Every (kind, step, action) the registry declares. */
const declared = [...kinds.values()].flatMap((kind) =>
  (Object.entries(kind.actions) as [Step, string | undefined][])
    .filter((entry): entry is [Step, string] => entry[1] !== undefined)
    .map(([step, action]) => ({ kind: kind.type, vendor: kind.vendor, step, action })),
);

/**
 * The vendor's code for the call, or "ok". Anything else fails the test: an error outside the vendor's
 * envelope, or a refused signature, which the gateways check before the action and so would hide it.
 */
async function answerTo(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (e) {
    if (isRtcError(e) && e.vendorCode !== undefined && e.code !== "RTC_AUTH") return e.vendorCode;
    throw e;
  }
}

describe("the emulator answers every action a task kind declares", () => {
  useEmulator();

  it("has kinds of every vendor to check", () => {
    expect(new Set(declared.map((d) => d.vendor))).toEqual(new Set(Object.keys(VENDORS)));
  });

  for (const { kind, vendor, step, action } of declared) {
    it(`${kind} ${step}: ${action}`, async () => {
      const { unknownAction, ask } = VENDORS[vendor];
      const code = await answerTo(ask(step, action));
      expect(code, `kind ${kind} declares its ${step} action ${action}, which the ${vendor} emulator does not have`).not.toBe(
        unknownAction,
      );
    });
  }
});
