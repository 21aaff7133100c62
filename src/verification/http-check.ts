import { Duration } from 'aws-cdk-lib';

/**
 * One HTTP request that a new revision of a service must answer correctly before it receives
 * production traffic.
 *
 * The verification hook sends the request to every healthy target of the new revision, directly
 * at the target's private address inside the VPC, and fails the deployment (which then rolls
 * back) when any target answers with another status, without the expected text, or too slowly.
 */
export interface HttpCheck {
  /**
   * Name of the check, unique among the service's checks.
   *
   * It names the check in the hook's logs and in the reason of a failed deployment.
   */
  readonly name: string;

  /**
   * Path (and optional query string) requested on each target, starting with `/`.
   *
   * @example '/health?deep=true'
   */
  readonly path: string;

  /**
   * HTTP method of the request.
   *
   * One of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.
   *
   * @default 'GET'
   */
  readonly method?: string;

  /**
   * Request headers.
   *
   * @default - no headers beyond those Node.js adds (Host, Connection, Content-Length)
   */
  readonly headers?: { [name: string]: string };

  /**
   * Request body, sent as-is. Not allowed with GET or HEAD.
   *
   * @default - no body
   */
  readonly body?: string;

  /**
   * HTTP status code the response must have (100–599).
   *
   * @default 200
   */
  readonly expectStatus?: number;

  /**
   * Text the response body must contain.
   *
   * @default - the body is not inspected
   */
  readonly bodyContains?: string;

  /**
   * Longest time a target may take to send the complete response.
   *
   * The request is abandoned, and the check fails, once this time has passed.
   * From 1 millisecond to 30 seconds.
   *
   * @default Duration.seconds(2)
   */
  readonly maxLatency?: Duration;
}
