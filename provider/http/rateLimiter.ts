/**
 * A sliding-window limiter: at most `perSecond` sends in any window of one second, the way the
 * vendors count. A token bucket would allow up to twice the rate across a window edge, which
 * is exactly what gets a long teardown throttled. One limiter per vendor account per process:
 * the engine runs many steps at once, and all of them go through the one provider process.
 */
export class SlidingWindowLimiter {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perSecond: number,
    /** Extra room on the window, so clock jitter between us and the vendor cannot tip it over. */
    private readonly windowMs = 1050,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be positive, got ${perSecond}`);
  }

  /** Resolves when one more send fits in the window; sends are granted in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    const cap = Math.max(1, Math.floor(this.perSecond));
    for (;;) {
      const t = this.now();
      while (this.sent.length > 0 && t - this.sent[0]! >= this.windowMs) this.sent.shift();
      if (this.sent.length < cap) {
        this.sent.push(t);
        return;
      }
      await sleep(this.sent[0]! + this.windowMs - t + 1);
    }
  }
}

const limiters = new Map<string, SlidingWindowLimiter>();

/** The process-wide limiter for one key (a vendor account, or an account and action). */
export function limiterFor(key: string, perSecond: number): SlidingWindowLimiter {
  let l = limiters.get(key);
  if (!l || l.perSecond !== perSecond) {
    l = new SlidingWindowLimiter(perSecond);
    limiters.set(key, l);
  }
  return l;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
