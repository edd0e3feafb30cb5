import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// Mixes the anchors of a TRTC room and pushes the result to a CDN (and, optionally, a backup CDN).
// Every value a person would tune between shows is stack config: `pulumi config set`, then `pulumi up`.
// Credentials come from `rtc-tasks:tencentSecretId` / `rtc-tasks:tencentSecretKey` (secrets) or
// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY.
const config = new pulumi.Config();

// Push URLs carry the CDN stream key: keep them secrets (`pulumi config set --secret pushUrl ...`).
const pushUrl = config.requireSecret("pushUrl");
const backupUrl = config.getSecret("backupUrl");

const relay = new rtc.TencentRelayToCdn("stage-relay", {
  sdkAppId: config.getNumber("sdkAppId") ?? 1400000001,
  roomId: config.get("roomId") ?? "stage-1",
  roomIdType: rtc.TencentRoomIdType.String,
  // The robot that joins the room; its UserId (agentUserId) is derived from the resource name.
  agentParams: { userSig: config.getSecret("userSig"), maxIdleTime: config.getNumber("maxIdleTime") ?? 300 },
  withTranscoding: rtc.TencentTranscoding.On,
  audioParams: {
    // The audio encoding is fixed for the life of a task: changing it replaces the task.
    audioEncode: { sampleRate: 48000, channel: 2, bitRate: config.getNumber("audioBitRate") ?? 64 },
  },
  // Leave video out for an audio-only relay (switching replaces the task).
  videoParams: config.getBoolean("audioOnly")
    ? undefined
    : {
        videoEncode: { width: 1280, height: 720, fps: 30, bitRate: config.getNumber("videoBitRate") ?? 2000, gop: 2 },
        layoutParams: { mixLayoutMode: config.getNumber("layoutMode") ?? rtc.TencentMixLayoutMode.Grid },
        backGroundColor: config.get("background") ?? "0x000000",
      },
  // Tencent's CDN, and a third-party one (billed). A change of the list updates the task in place.
  publishCdnParams: [
    { publishCdnUrl: pushUrl, isTencentCdn: rtc.TencentCdnType.Tencent },
    ...(backupUrl ? [{ publishCdnUrl: backupUrl, isTencentCdn: rtc.TencentCdnType.ThirdParty }] : []),
  ],
});

export const taskId = relay.taskId;
export const robotUserId = relay.agentUserId;
export const sequenceNumber = relay.sequenceNumber;
