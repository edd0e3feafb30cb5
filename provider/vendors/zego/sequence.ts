/**
 * ZEGO's `Sequence` rule: for one StreamId, the Sequence of requests that reach ZEGO within 10 s of
 * each other must strictly increase (https://doc-zh.zego.im/article/19626). ZEGO suggests a
 * millisecond timestamp "when there is no concurrency"; we have concurrency on two levels.
 *
 * 1. Many calls at once in one process (the engine creates or deletes several rules of one stream
 *    in parallel). A millisecond clock repeats itself there. So the value is a clock in
 *    *microseconds* driven by a counter: `max(last + 1, clock in µs)`. Within a process it never
 *    repeats and never goes backwards, even if the wall clock is stepped back.
 *
 * 2. Other processes: `pulumi up` ends and a `pulumi destroy` starts seconds later, in a new
 *    provider process with a fresh counter; or two stacks of one account drive rules of the same
 *    stream at the same time. The clock is read to the microsecond (the high-resolution clock
 *    anchored at the wall clock), so values of different processes follow the order in which they
 *    were taken: a later process starts above an earlier one's values (it could only be below if
 *    the earlier one had run ahead of the clock, by more than one value per microsecond averaged
 *    over its life, while every value is one HTTP request held to 10 per second), and two
 *    processes at once interleave by time. What this cannot cover: two requests of different
 *    processes taken within the same few microseconds that reach ZEGO in the other order, or a wall
 *    clock stepped back between two runs by more than their distance.
 *
 * The value stays below 2^53 (Number's exact range) until the year 2255, and is sent as a decimal
 * string (ZEGO types Sequence as String).
 *
 * Taking the value at send time is the other half: the transport calls `build()` once per attempt,
 * after the rate limiter's grant, so a retry carries a new, higher Sequence and is not refused as
 * stale.
 */
/**
 * The Code a stale Sequence is taken to be refused with. ZEGO documents none; 5005 ("invalid
 * request") is the documented one it would fall under. The emulator answers it (README, Limitations).
 */
export const STALE_SEQUENCE_CODE = "5005";

export class SequenceSource {
  private last = 0;

  /** `clockMs` may have a fraction: the default reads the wall clock to the microsecond. */
  constructor(private readonly clockMs: () => number = () => performance.timeOrigin + performance.now()) {}

  next(): number {
    this.last = Math.max(this.last + 1, Math.floor(this.clockMs() * 1000));
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
