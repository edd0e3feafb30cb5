/**
 * ZEGO's `Sequence` rule: for one StreamId, the Sequence of requests that reach ZEGO within 10 s of
 * each other must strictly increase (shared/seeds/002, "连续 10 秒内…严格递增"). ZEGO suggests a
 * millisecond timestamp "when there is no concurrency"; we have concurrency on two levels.
 *
 * 1. Many calls at once in one process (the engine creates or deletes several rules of one stream
 *    in parallel). A millisecond clock repeats itself there. So the value is a clock in
 *    *microsecond units* driven by a counter: `max(last + 1, Date.now() * 1000)`. Within a process
 *    it never repeats and never goes backwards, even if the wall clock is stepped back.
 *
 * 2. One process after another: `pulumi up` ends and a `pulumi destroy` starts seconds later, in a
 *    new provider process with a fresh counter. Its first value is `Date.now() * 1000` at that
 *    moment. An earlier process could only have issued a value at or above that if, averaged over
 *    its life, it had run more than 1000 values per millisecond ahead of the clock up to the moment
 *    the new one starts. It cannot come near that: every value is one HTTP request, held to at
 *    most 10 per second by the rate limiter (the counter only creeps above the clock when more than
 *    1000 values are taken inside one millisecond), and a node process takes tens of milliseconds
 *    to start. What this cannot cover: two processes or machines driving one stream *at the same
 *    time*, or a wall clock stepped back between the two runs by more than their distance.
 *
 * The value stays below 2^53 (Number's exact range) until the year 2255, and is sent as a decimal
 * string (ZEGO types Sequence as String).
 *
 * Taking the value at send time is the other half: the transport calls `build()` once per attempt,
 * after the rate limiter's grant, so a retry carries a new, higher Sequence and is not refused as
 * stale.
 */
export class SequenceSource {
  private last = 0;

  constructor(private readonly clockMs: () => number = Date.now) {}

  next(): number {
    this.last = Math.max(this.last + 1, Math.floor(this.clockMs()) * 1000);
    return this.last;
  }
}

const processSequence = new SequenceSource();

/** The next Sequence of this process; one counter serves every stream, which keeps each increasing. */
export function nextSequence(): string {
  return String(processSequence.next());
}

/**
 * Runs calls about one StreamId one at a time, in the order they were asked for.
 *
 * Increasing values are not enough: ZEGO judges the order in which requests *arrive*. Sequences are
 * taken in the order the rate limiter grants sends, but two requests in flight at once travel on
 * different keep-alive connections, and the later one can overtake the earlier (a fresh TLS
 * handshake on one, a reused socket on the other). ZEGO would then refuse the earlier one. Keeping
 * one request per stream in flight makes send order the arrival order. Rules of different streams
 * still run in parallel, and the per-AppId rate limit is far below what this serialisation allows.
 */
export class PerKeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget the key once its queue drains, so a long run over many streams keeps no garbage.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with calls queued or in flight (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

export const streamQueue = new PerKeyQueue();
