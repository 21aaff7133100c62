/** A point in time the work must finish by; `now` is injectable for tests. */
export class Deadline {
  /** A deadline `ms` milliseconds from now. */
  public static in(ms: number, now: () => number = Date.now): Deadline {
    return new Deadline(now() + ms, now);
  }

  constructor(public readonly at: number, private readonly now: () => number = Date.now) {}

  /** Milliseconds left, never negative. */
  public remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  public expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** The earlier of this deadline and `ms` from now (this deadline if `ms` is undefined). */
  public within(ms: number | undefined): Deadline {
    return ms === undefined ? this : new Deadline(Math.min(this.at, this.now() + ms), this.now);
  }

  /** A deadline `ms` earlier than this one. */
  public minus(ms: number): Deadline {
    return new Deadline(this.at - ms, this.now);
  }

  /** A signal that aborts when the deadline passes; call `dispose` when done to clear its timer. */
  public signal(): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(this.at)), this.remainingMs());
    return { signal: controller.signal, dispose: () => clearTimeout(timer) };
  }
}

/** The reason an operation was abandoned at its deadline. */
export class DeadlineExceeded extends Error {
  constructor(at: number) {
    super(`deadline reached (${new Date(at).toISOString()})`);
    this.name = 'DeadlineExceeded';
  }
}

/** Resolves after `ms` milliseconds, or at once if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** How a retried operation backs off. */
export interface RetryOptions {
  /** The operation is given up (its last error thrown) when this passes; each attempt is aborted at it. */
  readonly deadline: Deadline;
  /** Whether an error is worth another attempt. */
  readonly retryable: (error: unknown) => boolean;
  /** First back-off delay; it doubles per attempt (full jitter). */
  readonly baseDelayMs?: number;
  /** Longest back-off delay. */
  readonly maxDelayMs?: number;
  /** Called before each retry, e.g. to log it. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `op` until it succeeds, fails with an error that is not retryable, or the deadline
 * passes. Each attempt gets an abort signal that fires at the deadline.
 */
export async function retry<T>(op: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    const { signal, dispose } = options.deadline.signal();
    try {
      return await op(signal);
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      const delay = Math.round(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));
      if (!options.retryable(e) || delay >= options.deadline.remainingMs()) throw e;
      options.onRetry?.(e, attempt, delay);
      await sleep(delay);
    } finally {
      dispose();
    }
  }
}
