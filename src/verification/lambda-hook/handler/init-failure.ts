/** What one invocation of the version under test returned. */
export interface InvokeOutcome {
  /** `FunctionError` of the Invoke response (`Unhandled`, `Handled`), if any. */
  readonly functionError?: string;
  /** The response payload as text. */
  readonly payload: string;
  /** The decoded tail of the execution log (`LogType=Tail`), if any. */
  readonly logTail?: string;
  /** `ExecutedVersion` of the Invoke response. */
  readonly executedVersion?: string;
  /** Wall time of the invocation, as seen by the hook. */
  readonly durationMs: number;
}

/** `errorType` and `errorMessage` of a function error payload. */
export function errorOf(outcome: InvokeOutcome): { errorType?: string; errorMessage?: string } {
  try {
    const parsed = JSON.parse(outcome.payload);
    if (typeof parsed === 'object' && parsed !== null) {
      return {
        errorType: typeof parsed.errorType === 'string' ? parsed.errorType : undefined,
        errorMessage: typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined,
      };
    }
  } catch {
    // not JSON: no error type
  }
  return {};
}

const INIT_REPORT_FAILED = /INIT_REPORT[^\n]*Status: (error|timeout)[^\n]*/;
const TIMED_OUT = /Task timed out after [0-9.]+ seconds|REPORT RequestId[^\n]*Status: timeout/;

/**
 * Why the version could not start or finish, or undefined if it ran: runtime errors (import
 * errors, handler not found, syntax errors, crashes and exits: `Runtime.*`), a failed or
 * timed-out init phase in the log tail, and timeouts. A handler that runs and throws (for
 * example because it rejects the event) is not an initialisation failure.
 */
export function initFailureOf(outcome: InvokeOutcome): string | undefined {
  const { errorType, errorMessage } = errorOf(outcome);
  const what = [errorType, errorMessage].filter((s) => s !== undefined).join(': ');
  if (outcome.functionError !== undefined && errorType?.startsWith('Runtime.')) {
    return `the version failed to start or crashed (${what})`;
  }
  if (outcome.functionError !== undefined && (errorType === 'Sandbox.Timedout' || TIMED_OUT.test(errorMessage ?? ''))) {
    return `the version timed out (${what})`;
  }
  const tail = outcome.logTail ?? '';
  const init = tail.match(INIT_REPORT_FAILED);
  if (init) return `the version's initialisation failed (${init[0].trim()})`;
  const timedOut = tail.match(TIMED_OUT);
  if (timedOut) return `the version timed out (${timedOut[0].trim()})`;
  return undefined;
}
