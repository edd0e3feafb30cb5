import type { TaskKind } from "./kind";
import { volcengineMixedRelayToCdn } from "./volcengine/mixedRelayToCdn";

/** Every task kind, by type. Adding a kind is one line here and one declaration file. */
export const kinds: ReadonlyMap<string, TaskKind> = new Map(
  [volcengineMixedRelayToCdn].map((k) => [k.type, k]),
);
