import type * as pulumi from "@pulumi/pulumi";
import { TaskResource } from "./taskResource";

export interface ZegoCdnTransferRuleArgs {
  /**
   * The RTC stream to relay: 1-256 letters, digits, "-" and "_". With `rtc-tasks:zegoIsTest` on, it
   * must start with `zegotest-<AppId>-`, as ZEGO's test environment requires.
   */
  streamId: pulumi.Input<string>;
  /** The rtmp:// address to relay to; stored as a secret, since it usually carries the stream key. */
  cdnUrl: pulumi.Input<string>;
}

/**
 * A ZEGO CDN transfer rule (CreatCDNTransferRule): relays one RTC stream to one RTMP address until
 * the resource is deleted (DeleteCDNTransferRule). Several rules may relay one stream. ZEGO has no
 * update call, so any change replaces the rule; and no read call, so refresh keeps it as it is.
 */
export class ZegoCdnTransferRule extends TaskResource {
  declare readonly streamId: pulumi.Output<string>;
  declare readonly cdnUrl: pulumi.Output<string>;

  constructor(name: string, args: ZegoCdnTransferRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super("ZegoCdnTransferRule", name, args, opts);
  }
}
