import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { isRetryableLambdaHookError } from './aws-errors';
import { describeError, Logger } from '../../common/handler/log';
import { Deadline, retry } from '../../common/handler/timing';

/** The AWS API clients the hooks use. */
export interface HookClients {
  readonly lambda: LambdaClient;
  readonly codedeploy: CodeDeployClient;
  readonly cloudwatch: CloudWatchClient;
}

/**
 * Clients with the SDK's own retries off: the hook retries throttling and 5xx itself, within its
 * deadline. Endpoints come from the environment (`AWS_ENDPOINT_URL_LAMBDA`, ...), as the SDK reads it.
 */
export function createClients(): HookClients {
  return {
    lambda: new LambdaClient({ maxAttempts: 1 }),
    codedeploy: new CodeDeployClient({ maxAttempts: 1 }),
    cloudwatch: new CloudWatchClient({ maxAttempts: 1 }),
  };
}

/**
 * Sends one AWS API call, retried with backoff on throttling, 5xx and dropped connections until
 * `deadline`, each attempt aborted at the deadline. Retries are logged.
 */
export function callAws<T>(what: string, send: (abortSignal: AbortSignal) => Promise<T>, deadline: Deadline, log: Logger): Promise<T> {
  return retry(send, {
    deadline,
    retryable: isRetryableLambdaHookError,
    onRetry: (error, attempt, delayMs) => log.warn(`${what} failed, retrying`, { call: what, attempt, delayMs, error: describeError(error) }),
  });
}
