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
