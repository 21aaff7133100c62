/**
 * Snapshot check of the integration tests, without an AWS account: synthesizes every
 * test/integ/integ.*.ts app and compares its templates and integ manifest with the committed
 * snapshot (test/integ/<file>.snapshot/), asset hashes and assertion salts aside. Any other difference fails.
 *
 * integ-runner does the same in snapshot mode, but the newest release on the registry (2.197.10)
 * reads cloud assemblies up to schema 53 and aws-cdk-lib 2.262.0 writes schema 54, so it stops
 * with "Cloud assembly schema version mismatch" before comparing anything.
 *
 * Check:   npx projen integ
 * Refresh: npx projen integ:update   (rewrites the snapshots from the current code; commit them)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const DIR = __dirname;
/** Files that define what a test deploys; the rest of an assembly is derived from them or is an asset. */
const COMPARED = /(\.template\.json|^integ\.json)$/;
const ASSET_HASH = /[0-9a-f]{64}/g;
/** integ-tests-alpha salts every assertion with the synth time so that each deployment runs it again. */
const SALT = /"salt": "\d+"/g;

function synth(test: string, outdir: string): void {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', test], {
    cwd: DIR, env: { ...process.env, CDK_OUTDIR: outdir }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${test} failed to synthesize:\n${result.stderr || result.stdout}`);
}

function canonical(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(ASSET_HASH, '[ASSET-HASH]').replace(SALT, '"salt": "[SALT]"'));
}

/** The paths (a.b[0].c) at which two JSON values differ, at most `limit` of them. */
export function differences(a: unknown, b: unknown, at = '', limit = 10): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const objects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!objects) return [`${at || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} -> ${JSON.stringify(b)?.slice(0, 120)}`];
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  const out: string[] = [];
  for (const k of keys) {
    if (out.length >= limit) break;
    const child = Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
    out.push(...differences(ra[k], rb[k], child, limit - out.length));
  }
  return out;
}

function compare(snapshot: string, fresh: string): string[] {
  if (!fs.existsSync(snapshot)) return ['no snapshot committed'];
  const names = (dir: string) => fs.readdirSync(dir).filter((f) => COMPARED.test(f));
  const problems: string[] = [];
  for (const f of new Set([...names(snapshot), ...names(fresh)])) {
    const [before, after] = [path.join(snapshot, f), path.join(fresh, f)];
    if (!fs.existsSync(before)) problems.push(`${f}: new file`);
    else if (!fs.existsSync(after)) problems.push(`${f}: no longer synthesized`);
    else problems.push(...differences(canonical(before), canonical(after)).map((d) => `${f}: ${d}`));
  }
  return problems;
}

/** Replaces the snapshot with the fresh assembly, without its assets (rebuilt on every synth). */
function update(snapshot: string, fresh: string): void {
  fs.rmSync(snapshot, { recursive: true, force: true });
  fs.mkdirSync(snapshot);
  for (const f of fs.readdirSync(fresh)) {
    if (f.startsWith('asset.') || f === 'cdk.out' || f === 'validation-report.json') continue;
    fs.copyFileSync(path.join(fresh, f), path.join(snapshot, f));
  }
}

function main(): void {
  const refresh = process.argv.includes('--update');
  const tests = fs.readdirSync(DIR).filter((f) => /^integ\..+\.ts$/.test(f)).sort();
  let failed = 0;
  for (const test of tests) {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-'));
    try {
      synth(test, fresh);
      const snapshot = path.join(DIR, `${test}.snapshot`);
      const problems = compare(snapshot, fresh);
      if (problems.length === 0) {
        console.log(`  UNCHANGED  ${test}`);
      } else if (refresh) {
        update(snapshot, fresh);
        console.log(`  UPDATED    ${test} (${problems.length} difference(s))`);
      } else {
        failed++;
        console.log(`  CHANGED    ${test}\n${problems.map((p) => `      ${p}`).join('\n')}`);
      }
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }
  console.log(`integ snapshots: ${tests.length - failed} of ${tests.length} match`);
  if (failed > 0) {
    console.log('A change to what a test deploys: review it, then refresh the snapshots with `npx projen integ:update` and commit them.');
    process.exitCode = 1;
  }
}

if (require.main === module) main();
