/**
 * An AWS API the hook reads (ECS, Elastic Load Balancing) failed in a way that may pass: throttling,
 * a 5xx answer, a dropped connection, or no answer within the invocation's API time. The hook then
 * answers IN_PROGRESS and tries again later, within a budget counted across invocations.
 */
export class TransientApiError extends Error {
  constructor(public readonly operation: string, public readonly error: unknown, detail: string) {
    super(`${operation}: ${detail}`);
    this.name = 'TransientApiError';
  }
}

/** An outage as the hook carries it in `hookDetails` from one invocation to the next. */
export interface ApiOutage {
  /** When the first failing invocation gave up (epoch ms). */
  readonly firstFailureAt: number;
  /** Invocations that gave up on the API so far. */
  readonly failures: number;
  /** The last error, for the log and the final reason. */
  readonly lastError: string;
}

/** What to answer after an invocation gave up on the API. */
export type OutageDecision =
  | { readonly decision: 'retry'; readonly callBackDelay: number; readonly outage: ApiOutage }
  | { readonly decision: 'fail'; readonly outage: ApiOutage; readonly reason: string };

/** The outage carried in state, if well-formed and not from the future. */
export function readOutage(value: unknown, now: number): ApiOutage | undefined {
  const o = value as Partial<ApiOutage> | undefined;
  if (typeof o?.firstFailureAt !== 'number' || !Number.isFinite(o.firstFailureAt) || o.firstFailureAt > now) return undefined;
  const failures = typeof o.failures === 'number' && Number.isInteger(o.failures) && o.failures > 0 ? o.failures : 1;
  return { firstFailureAt: o.firstFailureAt, failures, lastError: typeof o.lastError === 'string' ? o.lastError : 'unknown' };
}

/**
 * After an invocation gave up on the API at `now`: try again in `pollIntervalSeconds` (never past
 * the budget's end) while the outage, counted from the first failing invocation, is shorter than
 * `budgetSeconds`; fail once it is not.
 */
export function decideOnOutage(
  previous: ApiOutage | undefined, now: number, error: string, budgetSeconds: number, pollIntervalSeconds: number,
): OutageDecision {
  const outage: ApiOutage = { firstFailureAt: previous?.firstFailureAt ?? now, failures: (previous?.failures ?? 0) + 1, lastError: error };
  const elapsedSeconds = (now - outage.firstFailureAt) / 1000;
  const left = Math.ceil(budgetSeconds - elapsedSeconds);
  if (left <= 0) {
    return {
      decision: 'fail',
      outage,
      reason: `AWS API unavailable for ${Math.round(elapsedSeconds)} s over ${outage.failures} invocations, the budget is ${budgetSeconds} s; last error: ${error}`,
    };
  }
  return { decision: 'retry', outage, callBackDelay: Math.max(1, Math.min(pollIntervalSeconds, left)) };
}
