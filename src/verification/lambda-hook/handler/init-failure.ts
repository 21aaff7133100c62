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

/** A failed or timed-out init phase (on-demand, provisioned concurrency or SnapStart snapshot). */
const INIT_REPORT_FAILED = /INIT_REPORT[^\n]*Status: (error|timeout)[^\n]*/;
/** A failed or timed-out SnapStart restore. */
const RESTORE_REPORT_FAILED = /RESTORE_REPORT[^\n]*Status: (error|timeout)[^\n]*/;
const TIMED_OUT = /Task timed out after [0-9.]+ seconds|REPORT RequestId[^\n]*Status: timeout/;
/** Runtime.* types that mean the handler ran and returned: its result could not be serialised. */
const HANDLER_RAN = new Set(['Runtime.MarshalError']);

/**
 * Why the version could not start or finish, or undefined if it ran. Read from the Invoke
 * response and its log tail, as the Lambda documentation shows them:
 *
 * - a `Runtime.*` error type (import errors, handler not found, syntax errors, crashes and
 *   exits: `Runtime.ExitError`, `Runtime.InvalidEntrypoint` of a container image), except
 *   `Runtime.MarshalError` (the handler ran; its result could not be serialised);
 * - for .NET runtimes (`runtime` starting with `dotnet`), `LambdaException`, the type of its
 *   initialization errors;
 * - a timeout (`Sandbox.Timedout`, "Task timed out after", a `REPORT ... Status: timeout`);
 * - a failed or timed-out `INIT_REPORT` or SnapStart `RESTORE_REPORT` in the log tail.
 *
 * A handler that runs and throws (for example because it rejects the event) is not an
 * initialisation failure. See `startupSignalFor` for the runtimes where that distinction
 * rests on the log tail alone.
 */
export function initFailureOf(outcome: InvokeOutcome, runtime?: string): string | undefined {
  const { errorType, errorMessage } = errorOf(outcome);
  const what = [errorType, errorMessage].filter((s) => s !== undefined).join(': ');
  if (outcome.functionError !== undefined && errorType?.startsWith('Runtime.') && !HANDLER_RAN.has(errorType)) {
    return `the version failed to start or crashed (${what})`;
  }
  if (outcome.functionError !== undefined && errorType === 'LambdaException' && runtime?.startsWith('dotnet')) {
    return `the version failed to start (${what})`;
  }
  if (outcome.functionError !== undefined && (errorType === 'Sandbox.Timedout' || TIMED_OUT.test(errorMessage ?? ''))) {
    return `the version timed out (${what})`;
  }
  const tail = outcome.logTail ?? '';
  const init = tail.match(INIT_REPORT_FAILED);
  if (init) return `the version's initialisation failed (${init[0].trim()})`;
  const restore = tail.match(RESTORE_REPORT_FAILED);
  if (restore) return `the version's SnapStart restore failed (${restore[0].trim()})`;
  const timedOut = tail.match(TIMED_OUT);
  if (timedOut) return `the version timed out (${timedOut[0].trim()})`;
  return undefined;
}
