import { cdnTransferRuleActions } from "./cdnTransferRules";
import { zegoGateway } from "./gateway";

export { maskedUrl, ruleKey, ZEGO_STALE_SEQUENCE_CODE } from "./cdnTransferRules";
export { parseZegoQuery, verifyZegoRequest, ZEGO_TEST_CREDENTIALS } from "./gateway";

export const zegoActions = new Map(Object.entries(cdnTransferRuleActions));

export const zegoEmulator = zegoGateway(zegoActions);
