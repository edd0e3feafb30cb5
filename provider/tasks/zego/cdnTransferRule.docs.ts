import { adoptUnavailable } from "../docs";

/**
 * What each input of a ZEGO CDN transfer rule means (the Args' doc comments): facts from the README's
 * table and the vendor's model (provider/vendors/zego/model.json), in our words. ZEGO has no update
 * call: every change replaces the rule.
 */
export const zegoCdnTransferRuleDocs: Readonly<Record<string, string>> = {
  adopt: adoptUnavailable("ZEGO"),
  streamId:
    'The ZEGO RTC stream to relay: 1 to 256 letters, digits, - and _ (ZEGO\'s stream-id rule). In the test environment (rtc-tasks:zegoIsTest) it must start with "zegotest-<AppId>-", which is checked, never added. Changing it replaces the rule, starting the new one first.',
  cdnUrl:
    "The rtmp:// address the stream is relayed to (ZEGO promises RTMP only, not rtmps://). Stored as a secret, since it carries the stream key. Changing it replaces the rule: the new one starts first, unless only the query differs (a rotated key), where ZEGO would take both for one rule, so the old one stops first.",
};
