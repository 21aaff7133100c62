import type { Context } from 'aws-lambda';
import { createClients } from './handler/clients';
import { reportFromDestination } from './handler/destination';
import { HookSummary } from './handler/hook';
import { createLogger } from '../common/handler/log';

const clients = createClients();

/** On-failure destination of the verification hooks: reports Failed for a hook invocation that crashed or timed out. */
export async function handler(record: unknown, context: Context): Promise<HookSummary | undefined> {
  return reportFromDestination(record, clients, context, createLogger({ hook: 'report-failure', requestId: context.awsRequestId }));
}
