export * from "./resources/volcengine";
export * from "./resources/zego";
export * from "./resources/tencent";
export type { TaskCommonArgs } from "./resources/taskResource";
export { RtcError, type RtcErrorCode } from "./http/errors";
