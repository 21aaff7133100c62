import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Context } from 'aws-lambda';
import { ECS_HOOK_CONFIG_VERSION, ECS_HOOK_STATE_KEY } from './contract';
import { readRuleWeights, readTargets } from './handler/elbv2';
import { MalformedEvent, parseConfig, parseInvocation } from './handler/event';
import { probe } from './handler/http-probe';
import { classifyInvocation, isFirstDeployment } from './handler/stages';
import { HookResponse, verifyRevision } from './handler/verify';
import { isRetryableError } from '../common/handler/aws-errors';
import { createLogger, describeError, Logger } from '../common/handler/log';
import { Deadline, retry } from '../common/handler/timing';

/** Time kept back from the Lambda timeout so the hook always answers ECS itself. */
export const SAFETY_MARGIN_MS = 2000;

/** Created once per execution environment; the endpoint comes from AWS_ENDPOINT_URL(_ELASTIC_LOAD_BALANCING_V2) if set. */
const elbv2 = new ElasticLoadBalancingV2Client({ maxAttempts: 1 });

/**
 * ECS deployment lifecycle hook: at POST_TEST_TRAFFIC_SHIFT, verifies the new revision's targets
 * directly inside the VPC (zone gate, then the HTTP checks) and answers SUCCEEDED, IN_PROGRESS or
 * FAILED. Never blocks a rollback, never throws.
 */
export async function handler(event: unknown, context: Context): Promise<HookResponse> {
  const deadline = Deadline.in(context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  let log: Logger = createLogger({ hook: 'ecs-verify' });
  try {
    const invocation = parseInvocation(event);
    log = log.with({
      serviceArn: invocation.serviceArn,
      targetServiceRevisionArn: invocation.targetServiceRevisionArn,
      stage: invocation.lifecycleStage,
      executionId: invocation.executionId,
    });
    const kind = classifyInvocation(invocation);
    if (kind.kind !== 'verify') {
      log.info(kind.kind === 'rollback' ? 'rollback: not verifying' : 'stage skipped', { hookStatus: 'SUCCEEDED', reason: kind.reason });
      return { hookStatus: 'SUCCEEDED' };
    }
    const config = parseConfig(invocation.hookDetails, ECS_HOOK_CONFIG_VERSION);
    const withRetry = <T>(operation: string, op: (signal: AbortSignal) => Promise<T>) => retry(op, {
      deadline,
      retryable: isRetryableError,
      onRetry: (e, attempt, delayMs) => log.warn('retrying AWS call', { operation, attempt, delayMs, error: describeError(e) }),
    });
    return await verifyRevision(config, invocation.hookDetails, ECS_HOOK_STATE_KEY, {
      readRuleWeights: (arn) => withRetry('DescribeRules', (signal) => readRuleWeights(elbv2, arn, signal)),
      readTargets: (arn) => withRetry('DescribeTargetHealth', (signal) => readTargets(elbv2, arn, signal)),
      probe,
      deadline,
      now: Date.now,
      log,
      firstDeployment: isFirstDeployment(invocation),
    });
  } catch (e) {
    const reason = e instanceof MalformedEvent ? `malformed event: ${e.message}` : describeError(e);
    log.error('verification failed', { hookStatus: 'FAILED', reason, event: e instanceof MalformedEvent ? event : undefined });
    return { hookStatus: 'FAILED' };
  }
}
