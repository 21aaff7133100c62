import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { Context } from 'aws-lambda';
import { decideDesiredCount, DESIRED_COUNT_ATTRIBUTE, InvalidProperties, parseProperties, scalableResourceId } from './decide';
import { CustomResourceRequest, CustomResourceResponse, failure, parseRequest, sendResponse, success } from './handler/custom-resource';
import { describeScalableTarget, describeService, findStackResource } from './handler/lookups';
import { isRetryableError } from '../../verification/common/handler/aws-errors';
import { createLogger, describeError, Logger } from '../../verification/common/handler/log';
import { Deadline, retry } from '../../verification/common/handler/timing';

/** Time kept back from the Lambda timeout to PUT the response (the resource must always get one). */
export const RESPONSE_MARGIN_MS = 10_000;

/** Created once per execution environment; endpoints come from AWS_ENDPOINT_URL(_<SERVICE>) if set. */
const cloudformation = new CloudFormationClient({ maxAttempts: 1 });
const ecs = new ECSClient({ maxAttempts: 1 });
const autoscaling = new ApplicationAutoScalingClient({ maxAttempts: 1 });

/**
 * Provider of `Custom::ServiceDesiredCount`: answers the `DesiredCount` that an ECS service's
 * next UpdateService (or CreateService) may carry without lowering the running count.
 * Create and Update look the service up in the stack; Delete does nothing. AWS API errors are
 * retried until shortly before the Lambda timeout, then the resource fails with the error as its
 * reason (it never guesses a count). Every path PUTs a response to the ResponseURL.
 */
export async function handler(event: unknown, context: Context): Promise<void> {
  let log: Logger = createLogger({ provider: 'service-desired-count' });
  let request: CustomResourceRequest;
  try {
    request = parseRequest(event);
  } catch (e) {
    log.error('not a custom resource request', { reason: describeError(e), event });
    const e2 = event as Record<string, unknown> | null;
    const ids = ['ResponseURL', 'StackId', 'RequestId', 'LogicalResourceId'];
    if (!e2 || !ids.every((k) => typeof e2[k] === 'string')) throw e;
    const partial = e2 as unknown as CustomResourceRequest;
    // A delete never blocks: whatever is wrong with the request, there is nothing to remove.
    const response = e2.RequestType === 'Delete' ? success(partial) : failure(partial, `malformed request: ${(e as Error).message}`);
    await respond(partial.ResponseURL, response, context, log);
    return;
  }
  log = log.with({
    requestType: request.RequestType,
    stackId: request.StackId,
    logicalResourceId: request.LogicalResourceId,
    requestId: request.RequestId,
  });
  const deadline = Deadline.in(context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS);
  const response = await answer(request, deadline, log);
  await respond(request.ResponseURL, response, context, log);
}

async function answer(request: CustomResourceRequest, deadline: Deadline, log: Logger): Promise<CustomResourceResponse> {
  if (request.RequestType === 'Delete') {
    log.info('delete: nothing to do', { status: 'SUCCESS' });
    return success(request);
  }
  try {
    const props = parseProperties(request.ResourceProperties);
    const withRetry = <T>(operation: string, op: (signal: AbortSignal) => Promise<T>) => retry(op, {
      deadline,
      retryable: isRetryableError,
      onRetry: (e, attempt, delayMs) => log.warn('retrying AWS call', { operation, attempt, delayMs, error: describeError(e) }),
    });
    const serviceArn = await withRetry('DescribeStackResource', (signal) => findStackResource(cloudformation, request.StackId, props.serviceLogicalId, signal));
    const service = serviceArn === undefined ? undefined : await withRetry('DescribeServices', (signal) => describeService(ecs, props.cluster, serviceArn, signal));
    const scalable = service?.status === 'ACTIVE'
      ? await withRetry('DescribeScalableTargets', (signal) => describeScalableTarget(autoscaling, scalableResourceId(props.cluster, serviceArn!), signal))
      : undefined;
    const decision = decideDesiredCount(props, service, scalable);
    log.info('desired count', {
      status: 'SUCCESS',
      desiredCount: decision.desiredCount,
      reason: decision.reason,
      serviceArn,
      serviceStatus: service?.status,
      runningDesiredCount: service?.desiredCount,
      scalableTarget: scalable,
      floor: props.floor,
      maximum: props.maximum,
    });
    return success(request, { [DESIRED_COUNT_ATTRIBUTE]: decision.desiredCount });
  } catch (e) {
    const reason = e instanceof InvalidProperties
      ? `invalid properties: ${e.message}`
      : `could not read the running service: ${describeError(e)}. The desired count was not guessed; retry the deployment once the cause is fixed.`;
    log.error('desired count failed', { status: 'FAILED', reason });
    return failure(request, reason);
  }
}

async function respond(url: string, response: CustomResourceResponse, context: Context, log: Logger): Promise<void> {
  const deadline = Deadline.in(Math.max(1000, context.getRemainingTimeInMillis() - 500));
  await retry(() => sendResponse(url, response, Math.max(1, Math.min(5000, deadline.remainingMs()))), {
    deadline,
    retryable: isRetryableError,
    baseDelayMs: 200,
    onRetry: (e, attempt, delayMs) => log.warn('retrying the response PUT', { attempt, delayMs, error: describeError(e) }),
  });
  log.info('response sent', { status: response.Status });
}
