/**
 * A sliding-window limiter: at most `perSecond` sends in any window of one second, the way the
 * vendors count. A token bucket would allow up to twice the rate across a window edge, which
 * is exactly what gets a long teardown throttled. One limiter per vendor account per process:
 * the engine runs many steps at once, and all of them go through the one provider process.
 *
 * Other processes may spend the same account's budget (two stacks deployed at once, a CI matrix,
 * another tool), which no limiter here can see. So a throttled answer halves the rate this process
 * allows itself (at most once a window), and each window without one gives back a tenth of the
 * documented rate: the processes sharing an account settle near their share instead of being
 * throttled on most calls (additive increase, multiplicative decrease, as TCP does).
 */
export class SlidingWindowLimiter {
  /** When each recent send last could have reached the vendor; Infinity while still in flight. */
  private readonly slots: { t: number }[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** The rate allowed just after the last throttled answer, and when that was. */
  private reduced = { rate: Infinity, at: -Infinity };

  constructor(
    readonly perSecond: number,
    /** Extra room on the window, so clock jitter between us and the vendor cannot tip it over. */
    private readonly windowMs = 1050,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be positive, got ${perSecond}`);
  }

  /**
   * Resolves when one more send fits in the window; sends are granted in arrival order. Call the
   * returned `done` when the answer (or failure) arrives: the vendor counts a request when it
   * arrives, which can be any time until then (a cold connection takes hundreds of ms), so the
   * slot stays taken until a window has passed since `done`.
   */
  acquire(): Promise<() => void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** The vendor answered a call with "too many requests": slow down (see the class comment). */
  throttled(): void {
    const t = this.now();
    if (t - this.reduced.at < this.windowMs) return; // one decrease per window, however many answers say it
    this.reduced = { rate: Math.max(1, this.allowedRate(t) / 2), at: t };
  }

  /** Sends allowed per window now: the documented rate, or less while recovering from a throttle. */
  allowedRate(t = this.now()): number {
    const recovered = this.reduced.rate + ((t - this.reduced.at) / this.windowMs) * (this.perSecond / 10);
    return Math.min(this.perSecond, recovered);
  }

  private async waitForRoom(): Promise<() => void> {
    for (;;) {
      const t = this.now();
      const cap = Math.max(1, Math.floor(this.allowedRate(t)));
      for (let i = this.slots.length - 1; i >= 0; i--) if (t - this.slots[i]!.t >= this.windowMs) this.slots.splice(i, 1);
      if (this.slots.length < cap) {
        const slot = { t: Infinity };
        this.slots.push(slot);
        return () => {
          slot.t = this.now();
        };
      }
      const earliest = Math.min(...this.slots.map((s) => s.t));
      // While every slot is in flight there is no time to wait for; look again shortly.
      await sleep(Number.isFinite(earliest) ? earliest + this.windowMs - t + 1 : 10);
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
