import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "../../../provider/http/rateLimiter";

describe("SlidingWindowLimiter", () => {
  it("never lets more than the rate through in any one-second window, in arrival order", async () => {
    // The production window (1050 ms) against the vendor's one-second window: the slack absorbs jitter.
    const limiter = new SlidingWindowLimiter(20);
    const grants: { i: number; t: number }[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        limiter.acquire().then((done) => {
          grants.push({ i, t: performance.now() });
          done();
        }),
      ),
    );
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

describe("SlidingWindowLimiter with slow answers", () => {
  it("keeps a slot until its answer arrives, since the vendor may count the request that late", async () => {
    const limiter = new SlidingWindowLimiter(2);
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    let third = false;
    const pending = limiter.acquire().then((done) => {
      third = true;
      done();
    });
    await new Promise((r) => setTimeout(r, 1200)); // a window has passed since the grants...
    expect(third).toBe(false); // ...but both requests are still in flight
    first();
    await new Promise((r) => setTimeout(r, 300));
    expect(third).toBe(false); // the first answer arrived only now: its slot counts a window from here
    await pending;
    second();
    expect(third).toBe(true);
  });
});
