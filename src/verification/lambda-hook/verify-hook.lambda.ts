import type { Context } from 'aws-lambda';
import { PHASE_ENV } from './config';
import { createClients } from './handler/clients';
import { HookSummary, runHook } from './handler/hook';
import { createLogger } from '../common/handler/log';

const clients = createClients();

/**
 * CodeDeploy lifecycle hook (BeforeAllowTraffic or AfterAllowTraffic, from `SAFE_DEPLOY_PHASE`):
 * verifies the deployment's target version and reports Succeeded or Failed exactly once.
 */
export async function handler(event: unknown, context: Context): Promise<HookSummary | undefined> {
  return runHook(event, process.env[PHASE_ENV], clients, context, createLogger({ hook: 'verify', requestId: context.awsRequestId }));
}
