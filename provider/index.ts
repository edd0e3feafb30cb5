export * from "./resources/volcengine";
export type { TaskCommonArgs } from "./resources/taskResource";
export { RtcError, type RtcErrorCode } from "./http/errors";
