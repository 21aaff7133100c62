import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * Refuses a `logRetention` that differs from the one a shared per-stack resource already keeps
 * (set by the first construct that defined it). Nothing to check when `asked` is undefined.
 *
 * @param shared what is shared, in words, e.g. 'the desired-count function it shares with the other services of the stack'
 */
export function requireSameLogRetention(scope: IConstruct, shared: string, asked: logs.RetentionDays | undefined, kept: logs.RetentionDays): void {
  if (asked === undefined || asked === kept) return;
  throw new Error(
    `logRetention is ${asked} days on ${scope.node.path}, but ${shared} keeps its logs ${kept} days (set by the first of them): ` +
    'give them the same logRetention, or leave it out after the first.',
  );
}
