import { z } from "zod";
import { fraction } from "../schema";

/**
 * Shapes the mixing kinds (mixed relay, public stream) share: the vendor models give a region's
 * position and its source crop the same fields and ranges in both (MixedStreamRegion, PublicStreamRegion).
 */

/** A position inside the frame, as a fraction of it: [0, 1). */
export const position = z.number({ error: "must be a number" }).refine((n) => n >= 0 && n < 1, "must be a fraction in [0, 1)");

/** The part of a source stream a region shows, as fractions of that stream. */
export const sourceCrop = z.strictObject({
  locationX: position.optional(),
  locationY: position.optional(),
  widthProportion: fraction(true).optional(),
  heightProportion: fraction(true).optional(),
});
