import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * When a check runs during a CodeDeploy Lambda deployment.
 */
export enum CheckPhase {
  /**
   * In the `BeforeAllowTraffic` lifecycle hook: the new version exists but serves no traffic yet.
   * A failure stops the deployment before any user request reaches the new version.
   */
  BEFORE_TRAFFIC = 'BEFORE_TRAFFIC',
  /**
   * In the `AfterAllowTraffic` lifecycle hook: all traffic is on the new version.
   * A failure rolls the alias back to the old version.
   */
  AFTER_TRAFFIC = 'AFTER_TRAFFIC',
}

/**
 * A declarative check: the built-in verification hook invokes the new version (the target
 * version of the CodeDeploy deployment, never the alias) with a payload and judges the result.
 *
 * The invocation is synchronous (`RequestResponse`), qualified with the target version, and
 * carries a marker in the client context so the function can recognise it and skip side effects:
 * `context.clientContext.custom['cdk-safe-deploy']` is
 * `{ "verification": true, "deploymentId": "...", "phase": "BeforeAllowTraffic", "check": "<name>" }`.
 *
 * A check passes when every expectation holds. With no expectation set, it passes when the
 * invocation returns without a function error.
 *
 * @example
 *
 * const check: InvokeCheck = {
 *   name: 'get-order',
 *   payload: { httpMethod: 'GET', path: '/orders/health' },
 *   expectStatusCode: 200,
 *   expectJson: { 'body.status': 'ok' },
 *   maxDuration: Duration.seconds(3),
 * };
 */
export interface InvokeCheck {
  /**
   * Name of the check, unique among the checks of one function; shown in the hook's logs.
   *
   * 1 to 64 characters from `A-Z a-z 0-9 space _ . : -`.
   */
  readonly name: string;

  /**
   * The event sent to the new version, as JSON.
   *
   * @default {}
   */
  readonly payload?: { [key: string]: any };

  /**
   * When the check runs.
   *
   * @default CheckPhase.BEFORE_TRAFFIC
   */
  readonly phase?: CheckPhase;

  /**
   * Whether the invocation is expected to end in a function error (`FunctionError` set).
   *
   * With `false`, a function error fails the check; with `true`, a result without a function
   * error fails it (use it to check that bad input is refused). The result of a function error
   * is Lambda's error object (`errorType`, `errorMessage`, ...), so `true` cannot be combined
   * with `expectStatusCode` (refused at synth); check the error with
   * `expectJson: { errorType: '...' }`.
   *
   * @default false
   */
  readonly expectFunctionError?: boolean;

  /**
   * The `statusCode` expected in an API-style result (`{ "statusCode": 200, "body": "..." }`).
   *
   * @default - the status code is not checked
   */
  readonly expectStatusCode?: number;

  /**
   * Values expected in the returned JSON, by path.
   *
   * Each key is a path into the result, each value the expected value, compared by deep
   * equality. Paths are dotted (`body.items.0.id`: object keys and array indexes) or JSONPath
   * (`$.body.items[0].id`, with `['key']` for keys holding dots or spaces; `$` is the whole
   * result). A path names one value: wildcards, recursive descent, filters, slices and negative
   * indexes are refused at synth, as are paths that cannot be read and expectations that
   * contradict each other. For API-style results whose `body` is a JSON string, the body is
   * parsed, so paths such as `body.items.0.id` reach into it.
   *
   * @default - the returned JSON is not checked
   */
  readonly expectJson?: { [path: string]: any };

  /**
   * Longest time the invocation may take; a slower one fails the check and is abandoned.
   *
   * @default - only the hook's own deadline (its timeout minus a margin kept to report) applies
   */
  readonly maxDuration?: Duration;
}

/**
 * Your own verification function, invoked by the built-in hook; its result decides.
 *
 * CodeDeploy allows one hook per lifecycle event, so your function runs as a check of the
 * built-in hook and the hook still sends exactly one report. It is invoked synchronously
 * (`RequestResponse`) with:
 *
 * ```json
 * {
 *   "deploymentId": "d-ABCDEF123",
 *   "phase": "BeforeAllowTraffic",
 *   "functionName": "my-function",
 *   "alias": "live",
 *   "currentVersion": "4",
 *   "targetVersion": "5",
 *   "targetVersionArn": "arn:aws:lambda:eu-west-1:123456789012:function:my-function:5"
 * }
 * ```
 *
 * (`phase` is `AfterAllowTraffic` for post-traffic checks), carrying the same client-context
 * marker as an invoke check. It passes when it returns without a function error and its result
 * is not `{ "passed": false }`; a `reason` string in the result is logged. Test the new version
 * through `targetVersionArn` or through the preview alias, never through the live alias.
 */
export interface VerificationFunctionCheck {
  /**
   * Name of the check, unique among the checks of one function; shown in the hook's logs.
   *
   * 1 to 64 characters from `A-Z a-z 0-9 space _ . : -`.
   */
  readonly name: string;

  /**
   * The verification function the hook invokes.
   */
  readonly function: lambda.IFunction;

  /**
   * When the check runs.
   *
   * @default CheckPhase.BEFORE_TRAFFIC
   */
  readonly phase?: CheckPhase;

  /**
   * Longest time the verification function may take; a slower one fails the check.
   *
   * @default - only the hook's own deadline (its timeout minus a margin kept to report) applies
   */
  readonly maxDuration?: Duration;
}
