#!/usr/bin/env node
/**
 * `cdk-safe-deploy report <cdk.out> [--json | --markdown] [--default-tier <tier>]`
 *
 * Prints, per stack and per Lambda alias or ECS service of a cloud assembly, what happens at deploy
 * time and the deployment-safety findings. Exit codes: 0 no unacknowledged error, 1 at least one,
 * 2 bad usage or input.
 */
import { AssemblyError, readAssembly } from './assembly';
import { buildReport } from './model';
import { renderJson, renderMarkdown, renderText } from './render';
import { DeploymentSafetyTier, parseTier } from '../policy/tier';

export const USAGE = `usage: cdk-safe-deploy report <cloud assembly directory, e.g. cdk.out> [--json | --markdown] [--default-tier critical|standard|single-zone]

  (default)        text tables for people
  --json           the report as JSON, for CI
  --markdown       Markdown, for a pull-request comment
  --default-tier   tier of resources no SafetyTier names (default: critical)

Exit codes: 0 no unacknowledged error, 1 at least one error finding, 2 bad usage or input.
`;

/** Where the command writes. */
export interface CliOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Runs the command with `args` (without `node` and the script) and returns its exit code. */
export function main(args: string[], io: CliOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command !== 'report') {
    io.err(`cdk-safe-deploy: ${command === undefined ? 'no command given' : `unknown command '${command}'`}.\n${USAGE}`);
    return 2;
  }
  let format: 'text' | 'json' | 'markdown' = 'text';
  let defaultTier = DeploymentSafetyTier.CRITICAL;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json' || a === '--markdown') {
      const wanted = a === '--json' ? 'json' : 'markdown';
      if (format !== 'text' && format !== wanted) {
        io.err(`cdk-safe-deploy report: --json and --markdown exclude each other; pass one.\n${USAGE}`);
        return 2;
      }
      format = wanted;
    } else if (a === '--default-tier') {
      const tier = parseTier(rest[++i]);
      if (tier === undefined) {
        io.err(`cdk-safe-deploy report: --default-tier takes critical, standard or single-zone, got ${JSON.stringify(rest[i] ?? '')}.\n`);
        return 2;
      }
      defaultTier = tier;
    } else if (a === '--help' || a === '-h') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      io.err(`cdk-safe-deploy report: unknown option '${a}'.\n${USAGE}`);
      return 2;
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 1) {
    io.err(`cdk-safe-deploy report: pass exactly one cloud assembly directory, got ${positional.length}.\n${USAGE}`);
    return 2;
  }
  let report;
  try {
    report = buildReport(readAssembly(positional[0]), positional[0], defaultTier);
  } catch (e) {
    if (e instanceof AssemblyError) {
      io.err(`cdk-safe-deploy report: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  io.out(format === 'json' ? renderJson(report) : format === 'markdown' ? renderMarkdown(report) : renderText(report));
  return report.totals.errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
