/**
 * How far the start-up check (the one invocation with `{}` before traffic when no check is
 * declared) can tell "the version failed to start" from "the handler ran and rejected the empty
 * event", per runtime family, from what the Lambda documentation shows each runtime returning.
 *
 * Pure module, shared by the hook (it logs a warning when it relies on an unreliable signal)
 * and the construct (it can print the verdict in the deploy-time plan).
 *
 * Sources (Lambda Developer Guide unless named otherwise):
 * - "Understanding the Lambda execution environment lifecycle", Failures during the Init phase:
 *   an init crash or timeout emits `INIT_REPORT ... Phase: init Status: error|timeout` in the
 *   function's log, for every runtime; the Invoke API's `LogResult` holds the last 4 KB of it.
 * - "AWS Lambda function errors in Python": init failures are `Runtime.ImportModuleError`.
 * - "AWS Lambda function errors in C#": initialization exceptions are of type `LambdaException`.
 * - "AWS Lambda function errors in Java" and "in Ruby" show handler errors only (Java exception
 *   types, `Function<TypeError>`): no documented type marks an initialization error.
 * - "Using the Lambda runtime API for custom runtimes", Initialization error: a custom runtime
 *   reports init errors with any `errorType` ("Lambda accepts any value").
 * - "Troubleshoot container image issues": `Runtime.InvalidEntrypoint` / `Runtime.ExitError` for
 *   a bad entrypoint; the function's own init errors depend on the runtime client in the image.
 * - AWS Knowledge Center "lambda-import-module-error-nodejs": `Runtime.ImportModuleError` for a
 *   missing CommonJS module.
 */

/** Whether the start-up check's verdict can be trusted for a runtime, and why, in one line. */
export interface StartupSignal {
  readonly reliable: boolean;
  readonly reason: string;
}

/** The runtime family of a Lambda runtime identifier (`nodejs22.x` -> `nodejs`), `image`, or `unknown`. */
export type RuntimeFamily = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'custom' | 'image' | 'unknown';

/** The family of `runtimeName` (Lambda's `Runtime`, e.g. `python3.13`; aws-cdk-lib's `FROM_IMAGE` for images). */
export function runtimeFamilyOf(runtimeName: string, packageType: 'Zip' | 'Image'): RuntimeFamily {
  if (packageType === 'Image' || runtimeName === 'FROM_IMAGE') return 'image';
  const name = runtimeName.toLowerCase();
  if (name.startsWith('nodejs')) return 'nodejs';
  if (name.startsWith('python')) return 'python';
  if (name.startsWith('java')) return 'java';
  if (name.startsWith('dotnet')) return 'dotnet';
  if (name.startsWith('ruby')) return 'ruby';
  if (name.startsWith('provided') || name.startsWith('go')) return 'custom';
  return 'unknown';
}

const SIGNALS: Record<RuntimeFamily, StartupSignal> = {
  nodejs: {
    reliable: true,
    reason: 'Node.js reports a start-up failure as a Runtime.* error (Runtime.ImportModuleError for a missing module) and a failed INIT_REPORT (the only sign of a missing ES module package)',
  },
  python: {
    reliable: true,
    reason: 'Python reports a start-up failure as a Runtime.* error (Runtime.ImportModuleError for a module that cannot be imported) and a failed INIT_REPORT',
  },
  dotnet: {
    reliable: true,
    reason: '.NET reports start-up failures (invalid handler, constructor exceptions) as LambdaException, and a failed INIT_REPORT',
  },
  java: {
    reliable: false,
    reason: 'Java reports start-up failures with the Java exception type, like a handler error; only an INIT_REPORT line in the last 4 KB of the log tells them apart',
  },
  ruby: {
    reliable: false,
    reason: 'Ruby documents no error type for start-up failures; only an INIT_REPORT line in the last 4 KB of the log tells them apart from a handler error',
  },
  custom: {
    reliable: false,
    reason: 'a custom runtime reports start-up failures with any error type it chooses; only an INIT_REPORT line in the last 4 KB of the log tells them apart from a handler error',
  },
  image: {
    reliable: false,
    reason: 'a container image\'s error types come from the runtime client inside the image; only a bad entrypoint (Runtime.InvalidEntrypoint) and INIT_REPORT in the last 4 KB of the log are certain',
  },
  unknown: {
    reliable: false,
    reason: 'unknown runtime: only an INIT_REPORT line in the last 4 KB of the log tells a start-up failure from a handler error',
  },
};

/**
 * Whether the start-up check reliably detects a version that fails to start, for a runtime
 * (`nodejs22.x`, `python3.13`, `java21`, `dotnet8`, `ruby3.3`, `provided.al2023`, ...) and package
 * type, with a one-line reason. Where it is not reliable, declare one check (an invoke check
 * with an expectation, or a verification function): any function error then fails it.
 *
 * SnapStart (Java, Python, .NET) does not change the verdict: a failed restore is reported by
 * the Invoke API itself (`SnapStartException`, `SnapStartTimeoutException`) and by a failed
 * `RESTORE_REPORT`, which the hook treats as "cannot run" for every runtime.
 */
export function startupSignalFor(runtimeName: string, packageType: 'Zip' | 'Image'): StartupSignal {
  return SIGNALS[runtimeFamilyOf(runtimeName, packageType)];
}
