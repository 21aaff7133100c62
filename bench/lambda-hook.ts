/**
 * Benchmark of the Lambda verification hook: its minified bundle size, and its overhead over
 * the slowest of 20 parallel checks against local AWS endpoints.
 *
 * Runs the bundled hook (`assets/verification/lambda-hook/verify-hook.lambda/index.js`, built by
 * `npx projen bundle`) with the real AWS SDK v3 clients against a local endpoint speaking the
 * Lambda and CodeDeploy APIs. Each of the 20 checks' Invoke answers after 200 ms ± 20 ms;
 * overhead = handler wall time − the slowest check's delay (target discovery, 20 invocations,
 * evaluation, logging and the report). Prints the median over several runs after a warm-up, and
 * the first run's overhead apart.
 *
 * Then the time a rollback deployment spends in each hook (target: under 5 s each): the
 * bundled hook against a CodeDeploy rollback (`creator: codeDeployRollback` with a
 * `rollbackTriggeringDeploymentId`) and a CloudFormation stack rollback
 * (`creator: CloudFormationRollback`), both lifecycle events, with checks and a 10-minute bake
 * window configured that a rollback must skip. The hook reads the deployment and reports: two
 * API calls, so against AWS the figure is their latency.
 *
 * Run: npx ts-node --transpile-only -P tsconfig.dev.json bench/lambda-hook.ts
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Context } from 'aws-lambda';
import { transformSync } from 'esbuild';
import { median } from './median';
import { HookCheckSpec, PHASE_ENV } from '../src/verification/lambda-hook/config';
import { FakeAws } from '../test/support/fake-aws';
import { useFakeAwsEnv } from '../test/support/handler-env';
import {
  addLambdaRoutes, fakeContext, HOOK_EVENT, invokeResult, NO_CHECKS, serveDeployment,
} from '../test/verification/lambda-hook/scenario';

const BUNDLE = path.join(__dirname, '..', 'assets', 'verification', 'lambda-hook', 'verify-hook.lambda', 'index.js');
export const MAX_BUNDLE_KB = 50;
export const MAX_OVERHEAD_MS = 50;
const CHECKS = 20;
const BASE_DELAY_MS = 200;
const JITTER_MS = 20;
const WARMUP_RUNS = 2;
const RUNS = 15;
const MAX_ROLLBACK_MS = 5000;
const ROLLBACK_RUNS = 20;
const ROLLBACKS = [
  ['CodeDeploy rollback', { creator: 'codeDeployRollback', rollbackInfo: { rollbackTriggeringDeploymentId: 'd-FORWARD1234' } }],
  ['stack rollback', { creator: 'CloudFormationRollback' }],
] as const;

type Handler = (event: unknown, context: Context) => Promise<{ status: string } | undefined>;

/** Size of a bundled handler as built and minified (what is deployed, and what it costs to load). */
export function bundleSize(bundle = BUNDLE): { rawKb: number; minifiedKb: number } {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx projen bundle\` first`);
  const code = readFileSync(bundle, 'utf8');
  const minified = transformSync(code, { minify: true, loader: 'js', platform: 'node', target: 'node22' }).code;
  return { rawKb: Buffer.byteLength(code) / 1024, minifiedKb: Buffer.byteLength(minified) / 1024 };
}

/** One hook invocation with 20 checks; returns its wall time and the slowest check's delay. */
async function run(fake: FakeAws, handler: Handler): Promise<{ wallMs: number; slowestMs: number }> {
  const checks: HookCheckSpec[] = Array.from({ length: CHECKS }, (_, i) => ({
    name: `check-${i}`, phase: 'BeforeAllowTraffic', payload: { i }, expectStatusCode: 200, expectJson: { 'body.ok': true },
  }));
  const delays = checks.map(() => BASE_DELAY_MS - JITTER_MS + Math.round(Math.random() * 2 * JITTER_MS));
  serveDeployment(fake, {
    config: { ...NO_CHECKS, checks },
    invoke: (req) => invokeResult({ statusCode: 200, body: '{"ok":true}' }, { delayMs: delays[JSON.parse(req.body).i] }),
  });
  const started = process.hrtime.bigint();
  const result = await handler(HOOK_EVENT, fakeContext());
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result?.status !== 'Succeeded' || fake.calls('Invoke').length !== CHECKS) {
    throw new Error(`unexpected run: status ${result?.status}, ${fake.calls('Invoke').length} invocations`);
  }
  return { wallMs, slowestMs: Math.max(...delays) };
}

/** One hook invocation for a rollback deployment; returns its wall time. */
async function runRollback(fake: FakeAws, handler: Handler, rollback: (typeof ROLLBACKS)[number][1]): Promise<number> {
  serveDeployment(fake, {
    ...rollback,
    config: { ...NO_CHECKS, bakeSeconds: 600, checks: [{ name: 'pre', phase: 'BeforeAllowTraffic', payload: {} }, { name: 'post', phase: 'AfterAllowTraffic', payload: {} }] },
    invoke: invokeResult({ ok: true }, { delayMs: 10_000 }),
  });
  const started = process.hrtime.bigint();
  const result = await handler(HOOK_EVENT, fakeContext());
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result?.status !== 'Succeeded' || fake.calls('Invoke').length !== 0 || fake.requests.length !== 2) {
    throw new Error(`unexpected rollback run: status ${result?.status}, ${fake.calls('Invoke').length} invocations, ${fake.requests.length} requests`);
  }
  return wallMs;
}

/** A rollback deployment's time in the hook, per phase and kind of rollback, in ms. */
export interface RollbackTimes {
  readonly phase: string;
  readonly kind: string;
  readonly times: number[];
}

/** The hook's overhead over the slowest of its parallel checks, in ms, and its time on rollback deployments. */
export interface HookOverhead {
  readonly checks: number;
  readonly checkDelayMs: number;
  readonly jitterMs: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** The first run in a fresh process (SDK clients' first requests; module loading excluded). */
  readonly coldMs: number;
  /** Rollback deployments: GetDeployment and the report, nothing else. */
  readonly rollbacks: RollbackTimes[];
}

/** Runs the bundled hook against local endpoints: see the file's comment. */
export async function measureHookOverhead(): Promise<HookOverhead> {
  const fake = addLambdaRoutes(await FakeAws.start());
  useFakeAwsEnv({ AWS_ENDPOINT_URL: fake.url });
  process.env[PHASE_ENV] = 'BeforeAllowTraffic';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(BUNDLE) as { handler: Handler };
  const print = console.log;
  const overheads: number[] = [];
  let coldMs = 0;
  const rollbacks: RollbackTimes[] = [];
  try {
    console.log = () => undefined; // the hook's JSON log lines are not part of this report
    for (let i = 0; i < WARMUP_RUNS + RUNS; i++) {
      const { wallMs, slowestMs } = await run(fake, handler);
      if (i === 0) coldMs = wallMs - slowestMs;
      if (i >= WARMUP_RUNS) overheads.push(wallMs - slowestMs);
    }
    for (const phase of ['BeforeAllowTraffic', 'AfterAllowTraffic']) {
      process.env[PHASE_ENV] = phase;
      for (const [kind, rollback] of ROLLBACKS) {
        const times: number[] = [];
        for (let i = 0; i < ROLLBACK_RUNS; i++) times.push(await runRollback(fake, handler, rollback));
        rollbacks.push({ phase, kind, times });
      }
    }
  } finally {
    console.log = print;
    await fake.close();
  }
  return {
    checks: CHECKS,
    checkDelayMs: BASE_DELAY_MS,
    jitterMs: JITTER_MS,
    runs: RUNS,
    medianMs: median(overheads),
    minMs: Math.min(...overheads),
    maxMs: Math.max(...overheads),
    coldMs,
    rollbacks,
  };
}

async function main(): Promise<void> {
  const size = bundleSize();
  console.log(`verify-hook bundle: ${size.rawKb.toFixed(1)} KB as built, ${size.minifiedKb.toFixed(1)} KB minified `
    + `(target <= ${MAX_BUNDLE_KB} KB, @aws-sdk/* external): ${size.minifiedKb <= MAX_BUNDLE_KB ? 'OK' : 'OVER'}`);
  const { medianMs: med, minMs, maxMs, coldMs, rollbacks } = await measureHookOverhead();
  console.log(`hook overhead over the slowest of ${CHECKS} parallel checks (${BASE_DELAY_MS} ms ± ${JITTER_MS} ms each), `
    + `${RUNS} runs after ${WARMUP_RUNS} warm-up: median ${med.toFixed(1)} ms, min ${minMs.toFixed(1)} ms, `
    + `max ${maxMs.toFixed(1)} ms (target <= ${MAX_OVERHEAD_MS} ms): ${med <= MAX_OVERHEAD_MS ? 'OK' : 'OVER'}`);
  console.log(`first run in a fresh process (SDK clients' first requests; module loading excluded): ${coldMs.toFixed(1)} ms overhead`);
  for (const { phase, kind, times } of rollbacks) {
    const worst = Math.max(...times);
    console.log(`rollback deployment (${kind}) in ${phase}: median ${median(times).toFixed(1)} ms, max ${worst.toFixed(1)} ms over ${times.length} runs `
      + `(GetDeployment + report; no check, bake or invocation) (target < ${MAX_ROLLBACK_MS} ms): ${worst < MAX_ROLLBACK_MS ? 'OK' : 'OVER'}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
