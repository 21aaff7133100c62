import { InvokeCommand } from '@aws-sdk/client-lambda';
import { HookCheckSpec, HookPhase, MARKER_KEY, verifierTagKey } from '../config';
import { isCannotRunError } from './aws-errors';
import { callAws, HookClients } from './clients';
import { Deployment } from './discover';
import { judgeInvokeCheck, judgeStartup, judgeVerifier, Verdict } from './evaluate';
import { InvokeOutcome } from './init-failure';
import { describeError, Logger } from '../../common/handler/log';
import { Deadline, DeadlineExceeded } from '../../common/handler/timing';

/** Name of the probe run before traffic when no check is declared for that phase. */
export const STARTUP_CHECK = 'startup';

/** One check's outcome, as logged. */
export interface CheckResult extends Verdict {
  readonly name: string;
  readonly kind: 'invoke' | 'verifier' | 'startup';
  readonly durationMs: number;
}

/** The marker every verification invocation carries, as the base64 `ClientContext` of Invoke. */
export function clientContextFor(deploymentId: string, phase: HookPhase, check: string): string {
  const context = { custom: { [MARKER_KEY]: { verification: true, deploymentId, phase, check } } };
  return Buffer.from(JSON.stringify(context), 'utf8').toString('base64');
}

/** The event a verification function receives. */
export function verifierEvent(deployment: Deployment, phase: HookPhase): Record<string, string> {
  const { target } = deployment;
  return {
    deploymentId: deployment.deploymentId,
    phase,
    functionName: target.functionName,
    alias: target.alias,
    currentVersion: target.currentVersion,
    targetVersion: target.targetVersion,
    targetVersionArn: deployment.targetVersionArn,
  };
}

/** What every check of one hook invocation shares. */
export interface CheckRun {
  readonly clients: HookClients;
  readonly deployment: Deployment;
  readonly phase: HookPhase;
  readonly log: Logger;
}

interface Invocation {
  readonly functionName: string;
  readonly qualifier?: string;
  readonly payload: unknown;
  readonly check: string;
  readonly tail: boolean;
}

async function invoke({ clients, deployment, phase, log }: CheckRun, inv: Invocation, deadline: Deadline): Promise<InvokeOutcome> {
  const started = Date.now();
  const response = await callAws('lambda:Invoke', (abortSignal) => clients.lambda.send(new InvokeCommand({
    FunctionName: inv.functionName,
    Qualifier: inv.qualifier,
    InvocationType: 'RequestResponse',
    LogType: inv.tail ? 'Tail' : 'None',
    ClientContext: clientContextFor(deployment.deploymentId, phase, inv.check),
    Payload: Buffer.from(JSON.stringify(inv.payload), 'utf8'),
  }), { abortSignal }), deadline, log.with({ check: inv.check }));
  return {
    functionError: response.FunctionError,
    payload: response.Payload ? Buffer.from(response.Payload).toString('utf8') : '',
    logTail: response.LogResult ? Buffer.from(response.LogResult, 'base64').toString('utf8') : undefined,
    executedVersion: response.ExecutedVersion,
    durationMs: Date.now() - started,
  };
}

/** Runs one check and judges it; never throws. */
async function runCheck(run: CheckRun, spec: HookCheckSpec | undefined, deadline: Deadline): Promise<CheckResult> {
  const { deployment, phase, log } = run;
  const started = Date.now();
  const name = spec?.name ?? STARTUP_CHECK;
  const kind = spec === undefined ? 'startup' : spec.verifierIndex !== undefined ? 'verifier' : 'invoke';
  const checkDeadline = deadline.within(spec?.maxDurationMs);
  let verdict: Verdict;
  try {
    verdict = await judge();
  } catch (e) {
    verdict = { passed: false, reason: reasonFor(e, spec, checkDeadline, deadline) };
  }
  const result: CheckResult = { name, kind, durationMs: Date.now() - started, ...verdict };
  (result.passed ? log.info : log.error)(`check ${result.passed ? 'passed' : 'failed'}`, {
    check: name, kind, outcome: result.passed ? 'passed' : 'failed', durationMs: result.durationMs, reason: result.reason,
  });
  return result;

  async function judge(): Promise<Verdict> {
    const { target } = deployment;
    if (spec?.verifierIndex !== undefined) {
      const arn = deployment.tags[verifierTagKey(spec.verifierIndex)];
      if (!arn) return { passed: false, reason: `the function has no tag ${verifierTagKey(spec.verifierIndex)} naming the verification function` };
      const payload = verifierEvent(deployment, phase);
      const outcome = await invoke(run, { functionName: arn, payload, check: name, tail: false }, checkDeadline);
      return judgeVerifier(spec, outcome);
    }
    const outcome = await invoke(run, {
      functionName: target.functionName, qualifier: target.targetVersion, payload: spec?.payload ?? {}, check: name, tail: true,
    }, checkDeadline);
    if (outcome.executedVersion !== undefined && outcome.executedVersion !== target.targetVersion) {
      return { passed: false, reason: `Lambda ran version ${outcome.executedVersion}, the deployment targets version ${target.targetVersion}` };
    }
    const { runtime } = deployment.version;
    return spec === undefined ? judgeStartup(outcome, runtime) : judgeInvokeCheck(spec, outcome, runtime);
  }
}

function reasonFor(e: unknown, spec: HookCheckSpec | undefined, checkDeadline: Deadline, hookDeadline: Deadline): string {
  if (e instanceof DeadlineExceeded || (e as Error)?.name === 'AbortError') {
    return checkDeadline.at < hookDeadline.at
      ? `did not finish within maxDuration ${spec?.maxDurationMs} ms; abandoned`
      : 'did not finish before the hook\'s deadline; abandoned';
  }
  if (isCannotRunError(e)) return `the version cannot run: ${describeError(e)}`;
  return `invocation failed: ${describeError(e)}`;
}

/**
 * Runs the checks of `phase` in parallel against the deployment's target version, each bounded
 * by `deadline` and its own maxDuration. Before traffic, with no check declared, the target
 * version is still invoked once with `{}` to prove it starts.
 */
export function runChecks(run: CheckRun, specs: HookCheckSpec[], deadline: Deadline): Promise<CheckResult[]> {
  const mine = specs.filter((s) => s.phase === run.phase);
  const toRun: Array<HookCheckSpec | undefined> = mine.length === 0 && run.phase === 'BeforeAllowTraffic' ? [undefined] : mine;
  return Promise.all(toRun.map((spec) => runCheck(run, spec, deadline)));
}
