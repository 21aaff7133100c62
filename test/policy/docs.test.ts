import { readFileSync } from 'fs';
import { join } from 'path';
import { ALL_RULES } from '../../src/policy/rules';

function doc(name: string): string {
  return readFileSync(join(__dirname, '..', '..', 'docs', name), 'utf8');
}

const NAMES = ALL_RULES.map((r) => r.name);

test('the rule table of docs/policy.md lists every rule, once, in the order the rules run', () => {
  const rows = doc('policy.md').split('\n').filter((l) => /^\| `SafeDeploy-/.test(l));
  expect(rows.map((l) => /^\| `([^`]+)`/.exec(l)![1])).toEqual(NAMES);
});

test.each(['policy.md', 'adr-validation.md', 'report.md'])('docs/%s names no rule that does not exist', (name) => {
  const named = [...doc(name).matchAll(/SafeDeploy-[A-Za-z]+-[A-Za-z]+/g)].map((m) => m[0]);
  expect(named.filter((n) => !NAMES.includes(n))).toEqual([]);
});
