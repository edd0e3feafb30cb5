import { tencentGateway } from "./gateway";
import { publishCdnStreamActions } from "./publishCdnStream";

export { TENCENT_EMULATOR_REGION, TENCENT_TEST_CREDENTIALS, TencentError, verifyTc3 } from "./gateway";

export const tencentActions = new Map(Object.entries(publishCdnStreamActions));

export const tencentEmulator = tencentGateway(tencentActions);
