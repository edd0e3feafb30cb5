import type { TaskKind } from "./kind";
import { volcengineMixedRelayToCdn } from "./volcengine/mixedRelayToCdn";
import { volcenginePublicStream } from "./volcengine/publicStream";
import { volcengineSingleRelayToCdn } from "./volcengine/singleRelayToCdn";
import { volcengineWebcast } from "./volcengine/webcast";
import { zegoCdnTransferRule } from "./zego/cdnTransferRule";
import { tencentRelayToCdn } from "./tencent/relayToCdn";

/** Every task kind, by type: the one list (ARCHITECTURE.md, "Adding a task kind"). */
export const kinds: ReadonlyMap<string, TaskKind> = new Map(
  [
    volcengineMixedRelayToCdn,
    volcengineSingleRelayToCdn,
    volcengineWebcast,
    volcenginePublicStream,
    zegoCdnTransferRule,
    tencentRelayToCdn,
  ].map((k) => [k.type, k]),
);
