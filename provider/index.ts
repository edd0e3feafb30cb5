// The task resources, one per kind, each with its Args: generated from the kinds' declarations
// (provider/tasks/) by scripts/gen-args.ts.
export * from "./resources/generated/VolcengineMixedRelayToCdn";
export * from "./resources/generated/VolcengineSingleRelayToCdn";
export * from "./resources/generated/VolcengineWebcast";
export * from "./resources/generated/VolcenginePublicStream";
export * from "./resources/generated/TencentRelayToCdn";
export * from "./resources/generated/ZegoCdnTransferRule";
export type { TaskCommonArgs } from "./resources/taskResource";
export { RtcError, type RtcErrorCode } from "./http/errors";
// Named values for the vendors' numeric settings (layout modes, stream types, codecs...), as Pulumi
// packages provide enums: `layoutMode: rtc.VolcengineLayoutMode.Custom`.
export * from "./tasks/volcengine/constants";
export * from "./tasks/tencent/constants";
