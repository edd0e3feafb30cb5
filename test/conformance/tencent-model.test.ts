import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sdkModelsPath, sdkVersion, tencentModelFromSdk } from "../../scripts/gen-tencent-model";
import { formatModel } from "../../scripts/lib/modelFormat";
import { vendorModels, withOverlay, type ModelOverlay, type VendorModel } from "../../provider/vendors/model";

/**
 * provider/vendors/tencent/model.json is generated from the TRTC request types of the official
 * tencentcloud-sdk-nodejs that package.json pins; it must stay in step with that SDK. Regenerate it
 * with `npm run build && node dist/scripts/gen-tencent-model.js`.
 */

const committed = () => readFileSync(join(process.cwd(), "provider", "vendors", "tencent", "model.json"), "utf8");
const dts = () => readFileSync(sdkModelsPath(), "utf8");

describe("the Tencent model and the official SDK's types", () => {
  it("the committed model is what the pinned SDK's types generate", () => {
    const pinned = (JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { devDependencies: Record<string, string> })
      .devDependencies["tencentcloud-sdk-nodejs"];
    expect(sdkVersion()).toBe(pinned);
    expect(formatModel(tencentModelFromSdk(dts(), sdkVersion()))).toBe(committed());
  });

  it("notices a type that changed in the SDK (planted: AgentParams.UserSig made required)", () => {
    const changed = dts().replace(/(export interface AgentParams \{[\s\S]*?)UserSig\?: string;/, "$1UserSig: string;");
    expect(changed).not.toBe(dts());
    expect(formatModel(tencentModelFromSdk(changed, sdkVersion()))).not.toBe(committed());
  });

  it("walks every type the three requests reach, and refuses a field type it cannot read", () => {
    const model = tencentModelFromSdk(dts(), sdkVersion());
    expect(Object.keys(model.actions)).toEqual(["StartPublishCdnStream", "UpdatePublishCdnStream", "StopPublishCdnStream"]);
    for (const fields of Object.values(model.types)) {
      for (const f of Object.values(fields)) {
        const leaf = f.type === "array" ? f.items! : f;
        if (leaf.type === "object") expect(model.types[leaf.ref!], leaf.ref).toBeDefined();
      }
    }
    const odd = dts().replace(
      /(export interface StartPublishCdnStreamRequest \{[\s\S]*?)RoomIdType: number;/,
      "$1RoomIdType: number | string;",
    );
    expect(odd).not.toBe(dts());
    expect(() => tencentModelFromSdk(odd, sdkVersion())).toThrow(/does not know/);
  });

  it("the hand-kept overlay only refines fields the SDK has", () => {
    const model = JSON.parse(committed()) as VendorModel;
    const overlay: ModelOverlay = { sources: [], types: { AgentParams: { MaxIdleTme: { min: 5 } } } };
    expect(() => withOverlay(model, overlay)).toThrow(/AgentParams\.MaxIdleTme, which the model does not have/);
    expect(vendorModels.tencent.types.AgentParams!.MaxIdleTime).toMatchObject({
      type: "integer",
      min: 5,
      max: 86400,
      unit: "s",
      default: 30,
    });
  });
});
