/** The vendors this package drives, and how people name them. */
export type Vendor = "volcengine" | "tencent" | "zego";

/** The vendors, in the order the README and the printed lines name them. */
export const VENDORS: readonly Vendor[] = ["volcengine", "tencent", "zego"];

export const VENDOR_NAMES: Readonly<Record<Vendor, string>> = {
  volcengine: "Volcengine",
  tencent: "Tencent Cloud TRTC",
  zego: "ZEGO",
};
