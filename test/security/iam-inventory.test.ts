import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { allOptionsApp, demoApp } from './apps';
import { libraryStatements, StatementEntry, wildcards } from './iam';

/**
 * Every IAM statement the library generates (holder, actions, resources, condition) and every
 * AWS managed policy it attaches, for the demo app and the all-options app, compared with the
 * reviewed inventory in iam-inventory.json. A wildcard resource must also be in the documented
 * list of docs/security.md ("Wildcard permissions").
 */
const REVIEWED_FILE = path.join(__dirname, 'iam-inventory.json');
const REVIEWED: Record<string, { statements: StatementEntry[]; managedPolicies: string[] }> = JSON.parse(fs.readFileSync(REVIEWED_FILE, 'utf8'));
const SECURITY_DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
const WILDCARD_SECTION = SECURITY_DOC.split('## Wildcard permissions')[1]?.split('\n## ')[0] ?? '';

describe.each<[string, () => App]>([
  ['demo', demoApp],
  ['allOptions', () => allOptionsApp().app],
])('the %s app', (name, build) => {
  const inventory = libraryStatements(build());
  // UPDATE_REVIEWED=1 rewrites the inventory for review (git diff) after a deliberate change.
  if (process.env.UPDATE_REVIEWED === '1') {
    REVIEWED[name] = inventory;
    fs.writeFileSync(REVIEWED_FILE, JSON.stringify(REVIEWED, null, 2) + '\n');
  }

  test('generates exactly the reviewed IAM statements and managed-policy attachments', () => {
    expect(inventory).toEqual(REVIEWED[name]);
  });

  test('every wildcard resource is in the documented list', () => {
    const undocumented = wildcards(inventory.statements).filter((w) => !WILDCARD_SECTION.includes(`\`${w}\``));
    expect(undocumented).toEqual([]);
  });

  test('every Allow statement names its actions (no action wildcard)', () => {
    for (const s of inventory.statements) {
      expect(s.effect).toBe('Allow');
      for (const a of s.actions) expect(a).not.toMatch(/\*/);
    }
  });
});

test('the documented wildcard list names only wildcards the library generates', () => {
  const generated = new Set(Object.values(REVIEWED).flatMap((inv) => wildcards(inv.statements)));
  const documented = [...WILDCARD_SECTION.matchAll(/`([a-z0-9-]+:[A-Za-z]+ on [^`]+)`/g)].map((m) => m[1]);
  expect(documented.length).toBeGreaterThan(0);
  expect(documented.filter((w) => !generated.has(w))).toEqual([]);
});
