import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** What cfn-lint reported for one template: its error bit and its error lines. */
export interface CfnLintResult {
  /** 1 when cfn-lint found errors (bit 2 of its exit code; bits 4 and 8 are warnings and informational findings), else 0. */
  readonly errors: number;
  /** The `:E....:` lines of the parseable output. */
  readonly errorLines: string[];
}

/** Writes `template` to a temporary directory, runs `cfn-lint` on it, removes the directory. */
export function cfnLint(template: object): CfnLintResult {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  const file = join(dir, 'template.json');
  writeFileSync(file, JSON.stringify(template));
  let code = 0;
  let output = '';
  try {
    output = execFileSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8', timeout: 120_000 });
  } catch (e: any) {
    code = e.status ?? 1;
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { errors: Math.floor(code / 2) % 2, errorLines: output.split('\n').filter((l) => /:E\d{4}:/.test(l)) };
}
