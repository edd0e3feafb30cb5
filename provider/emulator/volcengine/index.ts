import { checkRequest, vendorModels } from "../../vendors/model";
import type { VendorModule } from "../server";
import { volcengineGateway, type VolcAction } from "./gateway";
import { publicStreamActions } from "./publicStream";
import { relayActions } from "./relays";
import { expireWebcasts, WEBCAST, webcastActions } from "./webcast";

export { VOLCENGINE_TEST_CREDENTIALS, VolcengineError, type VolcAction, type VolcCall } from "./gateway";
export { expireWebcasts } from "./webcast";

/** Every action of every family, in one table; two families answering one action is a mistake, refused at load. */
function actionTable(families: Readonly<Record<string, Readonly<Record<string, VolcAction>>>>): ReadonlyMap<string, VolcAction> {
  const table = new Map<string, VolcAction>();
  for (const [family, actions] of Object.entries(families)) {
    for (const [name, action] of Object.entries(actions)) {
      if (table.has(name)) throw new Error(`the Volcengine emulator's ${family} family answers ${name}, which another family already does`);
      table.set(name, action);
    }
  }
  return table;
}

export const volcengineActions = actionTable({ relays: relayActions, webcast: webcastActions, publicStream: publicStreamActions });

/** The start action of each task kind the emulator keeps: what settings changed outside the provider are held to. */
const START_ACTIONS: Readonly<Record<string, string>> = {
  PushMixedStreamToCDN: "StartPushMixedStreamToCDN",
  PushSingleStreamToCDN: "StartPushSingleStreamToCDN",
  Webcast: "StartWebcast",
  PublicStream: "StartPushPublicStream",
};

export const volcengineEmulator: VendorModule = {
  ...volcengineGateway(volcengineActions, {
    tick: (state) => expireWebcasts(state),
    // A webcast's model has no idle reason (WebCastTask.StopReason); a relay's is IdleTimeOut.
    idleStopReason: (kind) => (kind === WEBCAST ? "UnknownStopReason" : "IdleTimeOut"),
  }),
  checkSettings: (kind, params) => {
    const [issue] = checkRequest(vendorModels.volcengine, START_ACTIONS[kind]!, params);
    return issue && `${issue.path} ${issue.message}`;
  },
};
