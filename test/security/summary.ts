import { App } from 'aws-cdk-lib';
import { Owner, ownerOf } from './ownership';
import { Finding } from './validators';

/**
 * The reviewed shape of an app's findings: for library resources every finding by rule with
 * the construct paths it is on (stack name stripped), for the user's resources the count per
 * rule, and the acknowledged (suppressed) findings with where the acknowledgement sits.
 */
export interface FindingsSummary {
  readonly library: Record<string, string[]>;
  readonly user: Record<string, number>;
  readonly acknowledged: string[];
}

/** `plugin | rule`, the key findings are reviewed by. */
export function ruleKey(f: Finding): string {
  return `${f.plugin} | ${f.rule}`;
}

/** Summarizes `findings` of `app` (already synthesized) for the review. */
export function summarize(app: App, findings: Finding[]): FindingsSummary {
  const owner = ownerOf(app);
  const strip = (p: string) => p.split('/').slice(1).join('/');
  const library: Record<string, string[]> = {};
  const user: Record<string, number> = {};
  const acknowledged: string[] = [];
  for (const f of findings) {
    if (f.acknowledgedAt !== undefined) {
      acknowledged.push(`${ruleKey(f)} on ${strip(f.path)} (${owner(f.path)}), acknowledged at ${strip(f.acknowledgedAt)} (${owner(f.acknowledgedAt)})`);
    } else if (owner(f.path) === Owner.LIBRARY) {
      (library[ruleKey(f)] ??= []).push(strip(f.path));
    } else {
      user[ruleKey(f)] = (user[ruleKey(f)] ?? 0) + 1;
    }
  }
  return {
    library: Object.fromEntries(Object.entries(library).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...new Set(v)].sort()])),
    user: Object.fromEntries(Object.entries(user).sort(([a], [b]) => a.localeCompare(b))),
    acknowledged: [...new Set(acknowledged)].sort(),
  };
}
