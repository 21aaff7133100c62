import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { allOptionsApp, demoApp } from './apps';
import { FindingsSummary, summarize } from './summary';
import { addAllValidators, synthFindings } from './validators';

/**
 * The validator matrix: the five cdk-nag packs and the Control Tower cfn-guard rules over the
 * demo app and an app with every option on. Every finding is compared with the reviewed list
 * in findings.json (library resources by rule and construct path, the apps' own resources by
 * count per rule): a new finding, or one that went away, fails until the list (and, for the
 * library, docs/security.md) is updated.
 */
const REVIEWED_FILE = path.join(__dirname, 'findings.json');
const REVIEWED: Record<string, FindingsSummary> = JSON.parse(fs.readFileSync(REVIEWED_FILE, 'utf8'));
const SECURITY_DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');

const APPS: Array<[string, () => App]> = [
  ['demo', demoApp],
  ['allOptions', () => allOptionsApp().app],
];

describe.each(APPS)('the %s app', (name, build) => {
  let summary: FindingsSummary;
  beforeAll(() => {
    const app = build();
    addAllValidators(app);
    summary = summarize(app, synthFindings(app));
    // UPDATE_REVIEWED=1 rewrites the list for review (git diff) after a deliberate change.
    if (process.env.UPDATE_REVIEWED === '1') {
      REVIEWED[name] = summary;
      fs.writeFileSync(REVIEWED_FILE, JSON.stringify(REVIEWED, null, 2) + '\n');
    }
  });

  test('has exactly the reviewed findings on library resources', () => {
    expect(summary.library).toEqual(REVIEWED[name].library);
  });

  test('has exactly the reviewed findings on its own resources (counts per rule)', () => {
    expect(summary.user).toEqual(REVIEWED[name].user);
  });

  test('no acknowledgement suppresses any finding (the library places none that aws-cdk-lib matches app-wide)', () => {
    expect(summary.acknowledged).toEqual(REVIEWED[name].acknowledged);
    expect(summary.acknowledged).toEqual([]);
  });
});

test('every rule that finds something on a library resource is explained in docs/security.md', () => {
  // By the rule's own id: a per-finding suffix (`[Resource::<arn>]`) is explained with the
  // wildcard it names in the documented wildcard list (see iam-inventory.test.ts).
  const rules = new Set(Object.values(REVIEWED).flatMap((s) => Object.keys(s.library)).map((key) => key.split(' | ')[1].split('[')[0]));
  const missing = [...rules].filter((rule) => !SECURITY_DOC.includes(`\`${rule}\``));
  expect(missing).toEqual([]);
});
