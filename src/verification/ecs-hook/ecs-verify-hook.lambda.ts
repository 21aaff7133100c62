import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Context } from 'aws-lambda';
import { ECS_HOOK_CONFIG_VERSION, ECS_HOOK_STATE_KEY } from './contract';
import { TransientApiError } from './handler/api-outage';
import { readDeployment, readRevision, readTaskZones } from './handler/ecs';
import { readRuleWeights, readTargets } from './handler/elbv2';
import { MalformedEvent, parseConfig, parseInvocation } from './handler/event';
import { probe } from './handler/http-probe';
import { classifyInvocation } from './handler/stages';
import { HookResponse, verifyRevision } from './handler/verify';
import { isRetryableError } from '../common/handler/aws-errors';
import { createLogger, describeError, Logger } from '../common/handler/log';
import { Deadline, DeadlineExceeded, retry } from '../common/handler/timing';

/** Time kept back from the Lambda timeout so the hook always answers ECS itself. */
export const SAFETY_MARGIN_MS = 2000;
/**
 * Time one invocation gives the AWS APIs, retries included: past it, an API that keeps failing
 * (throttling, 5xx, network, no answer) makes the hook answer IN_PROGRESS and try again later.
 */
export const API_TIME_PER_INVOCATION_MS = 5000;

/**
 * Created once per execution environment; endpoints come from AWS_ENDPOINT_URL(_ECS,
 * _ELASTIC_LOAD_BALANCING_V2) if set. One attempt per call: the hook retries itself, within its
 * API time.
 */
const elbv2 = new ElasticLoadBalancingV2Client({ maxAttempts: 1 });
const ecs = new ECSClient({ maxAttempts: 1 });

/**
 * ECS deployment lifecycle hook: at POST_TEST_TRAFFIC_SHIFT (and at POST_PRODUCTION_TRAFFIC_SHIFT
 * when after-traffic checks are declared), finds the revision being deployed from ECS, verifies its
 * targets directly inside the VPC (zone gate, then the HTTP checks) and answers SUCCEEDED,
 * IN_PROGRESS or FAILED. Never blocks a rollback, never throws.
 */
export async function handler(event: unknown, context: Context): Promise<HookResponse> {
  const deadline = Deadline.in(context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  const apiDeadline = deadline.within(API_TIME_PER_INVOCATION_MS);
  const apiMs = apiDeadline.remainingMs();
  let log: Logger = createLogger({ hook: 'ecs-verify' });
  try {
    const invocation = parseInvocation(event);
    log = log.with({
      serviceArn: invocation.serviceArn,
      targetServiceRevisionArn: invocation.targetServiceRevisionArn,
      serviceDeploymentArn: invocation.serviceDeploymentArn,
      stage: invocation.lifecycleStage,
      executionId: invocation.executionId,
    });
    const kind = classifyInvocation(invocation);
    if (kind.kind !== 'verify') {
      log.info(kind.kind === 'rollback' ? 'rollback: not verifying' : 'stage skipped', { hookStatus: 'SUCCEEDED', reason: kind.reason });
      return { hookStatus: 'SUCCEEDED' };
    }
    const config = parseConfig(invocation.hookDetails, ECS_HOOK_CONFIG_VERSION);
    const aws = <T>(operation: string, op: (signal: AbortSignal) => Promise<T>): Promise<T> => retry(op, {
      deadline: apiDeadline,
      retryable: isRetryableError,
      onRetry: (e, attempt, delayMs) => log.warn('retrying AWS call', { operation, attempt, delayMs, error: describeError(e) }),
    }).catch((e: unknown) => {
      if (e instanceof DeadlineExceeded || isRetryableError(e)) {
        throw new TransientApiError(operation, e, e instanceof DeadlineExceeded ? `no answer within the invocation's ${apiMs} ms of API time` : describeError(e));
      }
      throw e;
    });
    return await verifyRevision(config, invocation, ECS_HOOK_STATE_KEY, {
      describeRevision: (arn) => aws('DescribeServiceRevisions', (signal) => readRevision(ecs, arn, signal)),
      describeDeployment: (arn) => aws('DescribeServiceDeployments', (signal) => readDeployment(ecs, arn, signal)),
      readRuleWeights: (arn) => aws('DescribeRules', (signal) => readRuleWeights(elbv2, arn, signal)),
      readTargets: (arn) => aws('DescribeTargetHealth', (signal) => readTargets(elbv2, arn, signal)),
      readTaskZones: (cluster, service) => aws('ListTasks/DescribeTasks', (signal) => readTaskZones(ecs, cluster, service, signal)),
      probe,
      deadline,
      now: Date.now,
      log,
    });
  } catch (e) {
    const reason = e instanceof MalformedEvent ? `malformed event: ${e.message}` : describeError(e);
    log.error('verification failed', { hookStatus: 'FAILED', reason, event: e instanceof MalformedEvent ? event : undefined });
    return { hookStatus: 'FAILED' };
  }
}
