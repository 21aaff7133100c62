/**
 * The performance report: writes docs/performance.md. Run with `npx projen bench` (no AWS account).
 *
 * 1. Synth time of 1, 10 and 50 zero-config BlueGreenLambdas and of 1, 5 and 10 zero-config
 *    MultiAzServices in one stack, against the same resources written by hand with aws-cdk-lib
 *    (bench/blue-green-lambda-baseline.ts, bench/multi-az-service-baseline.ts). The two alternate
 *    in one process, in swapped order every round, after a warm-up; medians are compared.
 * 2. Resources and template bytes per construct and per stack, and how many constructs fit one
 *    stack under CloudFormation's limits (500 resources, 1 MB template body from S3).
 * 3. Hook bundle sizes, and the Lambda hook's overhead (bench/lambda-hook.ts).
 * 4. The rollback-time bound of the zero-config forms: the report of `cdk-safe-deploy report` over
 *    their synthesized assemblies (bench/rollback-bound.ts; the bound is defined in docs/report.md).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { defineHandWrittenFunctions } from './blue-green-lambda-baseline';
import { bundleSize, measureHookOverhead, MAX_BUNDLE_KB } from './lambda-hook';
import { median } from './median';
import { defineHandWrittenServices } from './multi-az-service-baseline';
import { BoundRow, onlyTarget, reportOf, rollbackSection, uncovered } from './rollback-bound';
import { BlueGreenLambda, MultiAzService } from '../src';
import { azContext } from '../test/support/app';

/** Rounds of every case; 3 keeps the whole run under about 3 minutes on 2 CPUs. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LAMBDA_COUNTS = [1, 10, 50];
const SERVICE_COUNTS = [1, 5, 10];
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
/** CloudFormation quotas: resources per stack, and template body size when uploaded to S3 (as CDK does). */
const MAX_RESOURCES = 500;
const MAX_TEMPLATE_BYTES = 1024 * 1024;
const CDK_VERSION = (JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')) as { version: string }).version;
const OUT = path.join(__dirname, '..', 'docs', 'performance.md');
const ASSETS = path.join(__dirname, '..', 'assets', 'verification');

type Template = { Resources: Record<string, { Type: string; Properties?: any }> };
type Define = (stack: Stack, count: number) => void;

interface Synth {
  readonly ms: number;
  readonly resources: number;
  readonly bytes: number;
  readonly template: Template;
}

const lambdaLibrary: Define = (stack, count) => {
  for (let i = 0; i < count; i++) {
    new BlueGreenLambda(stack, `Fn${i}`, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(`exports.handler = async () => ${i};`),
    });
  }
};
const serviceLibrary: Define = (stack, count) => {
  for (let i = 0; i < count; i++) new MultiAzService(stack, `Service${i}`, { image: IMAGE });
};
const serviceByHand: Define = (stack, count) => defineHandWrittenServices(stack, IMAGE, count);

/** Synthesizes one zero-config construct into `outdir` and reads it back as `cdk-safe-deploy report <outdir>` does. */
function zeroConfigReport(define: Define, outdir: string) {
  synth(define, 1, outdir);
  return reportOf(outdir);
}

/** Synthesizes one environment-bound, three-zone stack with `count` constructs; times construction and synth. */
function synth(define: Define, count: number, outdir: string): Synth {
  const started = process.hrtime.bigint();
  const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
  const stack = new Stack(app, 'Bench', { env: { account: ACCOUNT, region: REGION } });
  define(stack, count);
  const artifact = app.synth().getStackByName(stack.stackName);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const template = artifact.template as Template;
  return { ms, resources: Object.keys(template.Resources).length, bytes: fs.statSync(artifact.templateFullPath).size, template };
}

interface Case {
  readonly construct: string;
  readonly count: number;
  readonly library: Define;
  readonly byHand: Define;
}

interface Timing {
  readonly libraryMs: number[];
  readonly handMs: number[];
  library?: Synth;
  hand?: Synth;
}

function runCases(cases: Case[], outdir: string): Map<Case, Timing> {
  const timings = new Map<Case, Timing>(cases.map((c) => [c, { libraryMs: [], handMs: [] }]));
  // Warm-up: every code path once (module loading, first compilations), not timed.
  for (const c of cases.filter((x) => x.count === 1)) {
    synth(c.library, 1, outdir);
    synth(c.byHand, 1, outdir);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const t = timings.get(c)!;
      const order = round % 2 === 0 ? ['library', 'hand'] : ['hand', 'library'];
      for (const which of order) {
        const s = synth(which === 'library' ? c.library : c.byHand, c.count, outdir);
        if (which === 'library') { t.libraryMs.push(s.ms); t.library = s; } else { t.handMs.push(s.ms); t.hand = s; }
      }
    }
  }
  return timings;
}

function perConstruct(small: Synth, smallCount: number, large: Synth, largeCount: number) {
  const resources = (large.resources - small.resources) / (largeCount - smallCount);
  const bytes = (large.bytes - small.bytes) / (largeCount - smallCount);
  const sharedResources = small.resources - resources * smallCount;
  const sharedBytes = small.bytes - bytes * smallCount;
  return {
    resources,
    bytes,
    sharedResources,
    sharedBytes,
    fitByResources: Math.floor((MAX_RESOURCES - sharedResources) / resources),
    fitByBytes: Math.floor((MAX_TEMPLATE_BYTES - sharedBytes) / bytes),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const started = Date.now();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const cases: Case[] = [
    ...LAMBDA_COUNTS.map((count) => ({ construct: 'BlueGreenLambda', count, library: lambdaLibrary, byHand: defineHandWrittenFunctions })),
    ...SERVICE_COUNTS.map((count) => ({ construct: 'MultiAzService', count, library: serviceLibrary, byHand: serviceByHand })),
  ];
  let timings: Map<Case, Timing>;
  let bounds: BoundRow[];
  let roundsEnded: number;
  try {
    timings = runCases(cases, outdir);
    roundsEnded = Date.now();
    bounds = [
      { construct: 'BlueGreenLambda', target: onlyTarget(zeroConfigReport(lambdaLibrary, path.join(outdir, 'lambda')), 'function') },
      { construct: 'MultiAzService', target: onlyTarget(zeroConfigReport(serviceLibrary, path.join(outdir, 'service')), 'service') },
    ];
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const synthSeconds = (roundsEnded - started) / 1000;
  const result = (construct: string, count: number) => {
    const c = cases.find((x) => x.construct === construct && x.count === count)!;
    return timings.get(c)!;
  };

  const lambdaSize = perConstruct(result('BlueGreenLambda', 1).library!, 1, result('BlueGreenLambda', 50).library!, 50);
  const serviceSize = perConstruct(result('MultiAzService', 1).library!, 1, result('MultiAzService', 10).library!, 10);

  const bundles = [
    ['Lambda verification hook (pre- and post-traffic)', 'lambda-hook/verify-hook.lambda'],
    ['Lambda hook failure reporter', 'lambda-hook/report-failure.lambda'],
    ['ECS verification hook', 'ecs-hook/ecs-verify-hook.lambda'],
  ].map(([name, dir]) => ({ name, ...bundleSize(path.join(ASSETS, dir, 'index.js')) }));
  const overhead = await measureHookOverhead();
  const totalSeconds = (Date.now() - started) / 1000;

  const lines: string[] = [
    '# Performance',
    '',
    '<!-- Generated by `npx projen bench` (bench/report.ts); do not edit by hand. -->',
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} with Node.js ${process.version}, ${os.cpus().length} CPU(s) `
    + `(${os.cpus()[0]?.model.trim() ?? 'unknown'}), load average ${os.loadavg()[0].toFixed(1)} at the end, `
    + `aws-cdk-lib ${CDK_VERSION}; `
    + `${ROUNDS} rounds after a warm-up; the whole run took ${totalSeconds.toFixed(0)} s. Regenerate with \`npx projen bench\`.`,
    '',
    '## Synth time against hand-written aws-cdk-lib',
    '',
    'Each row synthesizes one environment-bound three-zone stack with the zero-config constructs, and the same',
    'resources written by hand with aws-cdk-lib L2 constructs (`bench/*-baseline.ts`: no validation, no planning,',
    'no nag acknowledgements). The two alternate in one process, in swapped order every round; the times include',
    'defining the constructs and `app.synth()`. Ratio = median library time / median hand-written time.',
    '',
    '| Construct | Count | Library (median) | By hand (median) | Ratio | Resources (library / by hand) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...cases.map((c) => {
      const t = timings.get(c)!;
      const [l, h] = [median(t.libraryMs), median(t.handMs)];
      return `| ${c.construct} | ${c.count} | ${l.toFixed(0)} ms | ${h.toFixed(0)} ms | ${(l / h).toFixed(2)} | ${t.library!.resources} / ${t.hand!.resources} |`;
    }),
    '',
    '## Size per construct, and how many fit one stack',
    '',
    `From the 1- and ${LAMBDA_COUNTS[LAMBDA_COUNTS.length - 1]}-function and the 1- and ${SERVICE_COUNTS[SERVICE_COUNTS.length - 1]}-service stacks above.`,
    `Template bytes are the synthesized template files, as CDK uploads them. CloudFormation allows ${MAX_RESOURCES} resources`,
    'per stack and a 1 MB template body uploaded through S3 (CloudFormation quotas, "Resources" and "Template body size',
    'in an Amazon S3 object"). The fit is the smaller of the two limits, with the per-stack shared resources counted once.',
    '',
    '| Construct | Resources each | Template bytes each | Shared per stack | Fit by resources | Fit by bytes | Fit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[['BlueGreenLambda', lambdaSize] as const, ['MultiAzService', serviceSize] as const].map(([name, s]) =>
      `| ${name} | ${s.resources.toFixed(1)} | ${kb(s.bytes)} | ${s.sharedResources.toFixed(0)} resources, ${kb(s.sharedBytes)} `
      + `| ${s.fitByResources} | ${s.fitByBytes} | **${Math.min(s.fitByResources, s.fitByBytes)}** |`),
    '',
    'A stack that holds both constructs shares neither set of per-stack resources: add both shared counts.',
    '',
    '## Hook bundles and overhead',
    '',
    `Bundled with esbuild, \`@aws-sdk/*\` external (the Lambda runtime provides it). Target for the Lambda hook: at most ${MAX_BUNDLE_KB} KB minified.`,
    '',
    '| Bundle | As built | Minified |',
    '| --- | ---: | ---: |',
    ...bundles.map((b) => `| ${b.name} | ${b.rawKb.toFixed(1)} KB | ${b.minifiedKb.toFixed(1)} KB |`),
    '',
    `Overhead of the Lambda verification hook (bench/lambda-hook.ts): the bundled hook runs ${overhead.checks} checks in parallel`,
    `against a local endpoint speaking the Lambda and CodeDeploy APIs, each Invoke answering after ${overhead.checkDelayMs} ms ± ${overhead.jitterMs} ms;`,
    'overhead = handler wall time − the slowest check (target discovery, the invocations, evaluation, logging, the report).',
    '',
    '| Runs | Median | Min | Max | First run in a fresh process |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${overhead.runs} | ${overhead.medianMs.toFixed(1)} ms | ${overhead.minMs.toFixed(1)} ms | ${overhead.maxMs.toFixed(1)} ms | ${overhead.coldMs.toFixed(1)} ms |`,
    '',
    '## Rollback-time bound of the zero-config forms',
    '',
    ...rollbackSection(bounds),
  ];
  fs.writeFileSync(OUT, lines.join('\n'));
  console.log(lines.join('\n'));
  console.log(`\nbench: synth rounds ${synthSeconds.toFixed(0)} s, total ${totalSeconds.toFixed(0)} s; wrote ${path.relative(process.cwd(), OUT)}`);
  const notCovered = uncovered(bounds);
  if (notCovered.length > 0) {
    console.error(`bench: a regression under full traffic can outlast the deployment: ${notCovered.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
