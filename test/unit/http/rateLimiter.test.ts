import { describe, expect, it, onTestFinished, vi } from "vitest";
import { SlidingWindowLimiter } from "../../../provider/http/rateLimiter";

describe("SlidingWindowLimiter", () => {
  it("never lets more than the rate through in any one-second window, in arrival order", async () => {
    // The production window (1050 ms) against the vendor's one-second window: the slack absorbs jitter.
    // On a fake clock, so that a loaded machine's late timers cannot stretch or hide a window.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    onTestFinished(() => void vi.useRealTimers());
    const limiter = new SlidingWindowLimiter(20);
    const grants: { i: number; t: number }[] = [];
    const all = Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        limiter.acquire().then((done) => {
          grants.push({ i, t: performance.now() });
          done();
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await all;
    expect(grants.map((g) => g.i)).toEqual([...Array(50).keys()]);
    for (let a = 0; a < grants.length; a++) {
      const inWindow = grants.filter((g) => g.t >= grants[a]!.t && g.t < grants[a]!.t + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
    // 50 grants at 20/s need two full windows of 1050 ms, and not a third.
    expect(grants[49]!.t - grants[0]!.t).toBeGreaterThanOrEqual(2100);
    expect(grants[49]!.t - grants[0]!.t).toBeLessThan(3150);
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

describe("SlidingWindowLimiter sharing an account with processes it cannot see", () => {
  it("halves its rate on a throttled answer, once a window, and wins the documented rate back a tenth a window", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(20, 1000, () => now);
    expect(limiter.allowedRate()).toBe(20);
    limiter.throttled();
    expect(limiter.allowedRate()).toBe(10);
    now = 500;
    limiter.throttled(); // the same window: a burst of throttled answers is one signal
    expect(limiter.allowedRate()).toBe(11);
    now = 1000;
    limiter.throttled();
    expect(limiter.allowedRate()).toBe(6);
    now = 1000 + 5 * 1000;
    expect(limiter.allowedRate()).toBe(16);
    now = 1000 + 60 * 1000;
    expect(limiter.allowedRate()).toBe(20); // never above the documented rate
    for (let i = 0; i < 10; i++) {
      now += 1000;
      limiter.throttled();
    }
    expect(limiter.allowedRate()).toBeGreaterThanOrEqual(1); // never stops altogether
  });

  it("grants at the reduced rate after a throttled answer", async () => {
    const limiter = new SlidingWindowLimiter(20);
    limiter.throttled();
    const grants: number[] = [];
    await Promise.all(Array.from({ length: 12 }, () => limiter.acquire().then((done) => (grants.push(performance.now()), done()))));
    // 10 fit in the first window, the next two only after it (the rate recovers by 2 a window).
    expect(grants.filter((t) => t - grants[0]! < 1000)).toHaveLength(10);
  });
});
