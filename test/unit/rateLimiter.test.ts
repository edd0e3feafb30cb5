import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "../../provider/http/rateLimiter";

describe("SlidingWindowLimiter", () => {
  it("never lets more than the rate through in any one-second window, in arrival order", async () => {
    // The production window (1050 ms) against the vendor's one-second window: the slack absorbs jitter.
    const limiter = new SlidingWindowLimiter(20);
    const grants: { i: number; t: number }[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => limiter.acquire().then(() => grants.push({ i, t: performance.now() }))));
    expect(grants.map((g) => g.i)).toEqual([...Array(50).keys()]);
    for (let a = 0; a < grants.length; a++) {
      const inWindow = grants.filter((g) => g.t >= grants[a]!.t && g.t < grants[a]!.t + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
    // 50 grants at 20/s need two full windows, and no more than that plus scheduling slack.
    expect(grants[49]!.t - grants[0]!.t).toBeGreaterThanOrEqual(2000);
    expect(grants[49]!.t - grants[0]!.t).toBeLessThan(3300);
  });
});
