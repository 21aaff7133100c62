/**
 * A blue/green ECS service as the verification hook sees it, served by local endpoints: ECS
 * (service revisions, service deployments, tasks), ELBv2 (the production rule's weights, each target
 * group's targets) and one local HTTP server per task. It walks the service through its deployments
 * the way ECS does: the first revision behind blue (service creation), then each new revision in the
 * target group that production does not use, the two swapping at every successful deployment.
 */
import type { Context } from 'aws-lambda';
import type { EcsHookConfig } from '../../../src/verification/ecs-hook/contract';
import type { HookResponse } from '../../../src/verification/ecs-hook/handler/verify';
import { FakeEcs } from '../../support/fake-ecs';
import { FakeElbv2, FakeTarget } from '../../support/fake-elbv2';
import { FakeTask, TaskBehaviour } from '../../support/fake-task';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/main`;
export const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/main/orders`;
export const BLUE_TG = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/orders-blue/1111111111111111`;
export const GREEN_TG = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/orders-green/2222222222222222`;
export const PROD_RULE = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/orders/3333333333333333/4444444444444444/5555555555555555`;
export const ZONES = [`${REGION}a`, `${REGION}b`, `${REGION}c`];

/** The hook configuration the construct writes for this service (the shape `buildEcsHookDetails` returns). */
export function serviceConfig(overrides: Partial<EcsHookConfig> = {}): EcsHookConfig {
  return {
    version: 1,
    checks: [{ name: 'health', path: '/health', method: 'GET', headers: {}, expectStatus: 200, bodyContains: 'ok', maxLatencyMs: 1000 }],
    targetGroupArns: [BLUE_TG, GREEN_TG],
    productionRuleArn: PROD_RULE,
    zones: ZONES,
    healthyWithinSeconds: 600,
    pollIntervalSeconds: 15,
    protocol: 'HTTP',
    ...overrides,
  };
}

/** How one deployment's tasks behave and what ELB reports about them. */
export interface DeploymentOptions {
  /** How the new revision's tasks answer. Default: 200 with a body containing "ok". */
  readonly newTasks?: TaskBehaviour;
  /** How the old revision's tasks answer. Default: 500 (the old revision is unhealthy: the new one is a fix). */
  readonly oldTasks?: TaskBehaviour;
  /** Zones the new revision has a healthy task in. Default: every zone. */
  readonly newZones?: string[];
  /** Whether DescribeTargetHealth reports `Target.AvailabilityZone`. Default: true. */
  readonly elbReportsZone?: boolean;
  /** The new revision's tasks refuse connections (nothing listens on their port). */
  readonly refuseConnections?: boolean;
  /** The hook configuration. Default: {@link serviceConfig}. */
  readonly config?: EcsHookConfig;
}

/** One deployment in progress. */
export interface Deployment {
  readonly number: number;
  readonly revisionArn: string;
  readonly deploymentArn: string;
  readonly previousRevisionArn?: string;
  /** The target group the new revision's tasks are registered in. */
  readonly newTargetGroupArn: string;
  readonly oldTargetGroupArn?: string;
  /** The servers standing in for the new revision's tasks, one per zone. */
  readonly newTasks: FakeTask[];
  readonly oldTasks: FakeTask[];
  readonly config: EcsHookConfig;
}

/** Task servers: two sets of three (one task per zone), on distinct loopback addresses, used in turn by successive revisions. */
const POOL_IPS = [['127.0.0.2', '127.0.0.3', '127.0.0.4'], ['127.0.0.5', '127.0.0.6', '127.0.0.7']];

export class ServiceScenario {
  public static async start(): Promise<ServiceScenario> {
    const [ecs, elbv2, ...tasks] = await Promise.all([
      FakeEcs.start(),
      FakeElbv2.start(),
      ...POOL_IPS.flat().map((ip) => FakeTask.start(ip)),
    ]);
    return new ServiceScenario(ecs as FakeEcs, elbv2 as FakeElbv2, [tasks.slice(0, 3) as FakeTask[], tasks.slice(3) as FakeTask[]]);
  }

  /** The target group carrying production traffic; undefined before the service exists. */
  public live?: string;
  public liveRevisionArn?: string;
  private count = 0;

  private constructor(public readonly ecs: FakeEcs, public readonly elbv2: FakeElbv2, public readonly pools: FakeTask[][]) {}

  /** Every task server. */
  public get tasks(): FakeTask[] {
    return this.pools.flat();
  }

  /** Forgets every deployment: the next one creates the service. */
  public reset(): void {
    this.ecs.reset();
    this.elbv2.reset();
    this.live = undefined;
    this.liveRevisionArn = undefined;
    this.count = 0;
    for (const t of this.tasks) {
      t.requests.length = 0;
      t.behaviour = { status: 200, body: '{"status":"ok"}' };
    }
  }

  public close(): Promise<unknown> {
    return Promise.all([this.ecs.close(), this.elbv2.close(), ...this.tasks.map((t) => t.close())]);
  }

  /**
   * Starts a deployment as ECS has it at POST_TEST_TRAFFIC_SHIFT: the new revision's tasks registered
   * in the target group production does not use (blue on service creation), production still on the
   * old revision, the revision's `resolvedConfiguration` naming the new revision's target group and the
   * service deployment listing the revision it replaces (none on creation).
   */
  public deploy(options: DeploymentOptions = {}): Deployment {
    const number = ++this.count;
    const first = this.live === undefined;
    const newTargetGroupArn = first ? BLUE_TG : this.live === BLUE_TG ? GREEN_TG : BLUE_TG;
    const oldTargetGroupArn = first ? undefined : this.live;
    const newTasks = this.pools[number % 2];
    const oldTasks = first ? [] : this.pools[(number + 1) % 2];
    const revisionArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/main/orders/48271930645518${number}`;
    const deploymentArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/main/orders/dep${number}AbCdEfGhIjKl`;
    const config = options.config ?? serviceConfig();

    this.ecs.revisions.set(revisionArn, {
      arn: revisionArn,
      serviceArn: SERVICE_ARN,
      clusterArn: CLUSTER_ARN,
      // The service's configuration as requested always names blue, with green as the alternate;
      // only the resolved configuration follows the swaps.
      requestedTargetGroupArn: BLUE_TG,
      alternateTargetGroupArn: GREEN_TG,
      productionListenerRule: PROD_RULE,
      resolvedTargetGroupArn: newTargetGroupArn,
    });
    this.ecs.deployments.set(deploymentArn, {
      arn: deploymentArn,
      serviceArn: SERVICE_ARN,
      clusterArn: CLUSTER_ARN,
      targetServiceRevisionArn: revisionArn,
      sourceServiceRevisionArns: this.liveRevisionArn ? [this.liveRevisionArn] : [],
    });

    // Production: the template's rule forwards to blue (weight 100) and green (0) until ECS swaps them.
    const live = this.live ?? BLUE_TG;
    this.elbv2.rules.set(PROD_RULE, [{ arn: BLUE_TG, weight: live === BLUE_TG ? 100 : 0 }, { arn: GREEN_TG, weight: live === GREEN_TG ? 100 : 0 }]);

    const reportZone = options.elbReportsZone ?? true;
    const newZones = options.newZones ?? ZONES;
    const target = (t: FakeTask, zone: string, state: string): FakeTarget => ({ ip: t.ip, port: t.port, zone: reportZone ? zone : undefined, state });
    this.elbv2.targets.set(newTargetGroupArn, newTasks.flatMap((t, i) => (newZones.includes(ZONES[i]) ? [target(t, ZONES[i], 'healthy')] : [])));
    if (oldTargetGroupArn) this.elbv2.targets.set(oldTargetGroupArn, oldTasks.map((t, i) => target(t, ZONES[i], 'healthy')));
    this.ecs.tasks.length = 0;
    for (const [pool, revision] of [[newTasks, revisionArn], [oldTasks, this.liveRevisionArn]] as const) {
      pool.forEach((t, i) => {
        if (pool === newTasks && !newZones.includes(ZONES[i])) return;
        this.ecs.tasks.push({
          taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/main/${(revision ?? 'none').slice(-4)}task${i}0123456789abcdef`,
          clusterArn: CLUSTER_ARN,
          serviceName: 'orders',
          availabilityZone: ZONES[i],
          privateIp: t.ip,
        });
      });
    }

    for (const t of this.tasks) t.requests.length = 0;
    for (const t of newTasks) t.behaviour = options.newTasks ?? { status: 200, body: '{"status":"ok"}' };
    for (const t of oldTasks) t.behaviour = options.oldTasks ?? { status: 500, body: 'internal error' };
    if (options.refuseConnections) {
      // Nothing listens on port 1 of the new tasks' addresses: the connection is refused.
      this.elbv2.targets.set(newTargetGroupArn, this.elbv2.targets.get(newTargetGroupArn)!.map((t) => ({ ...t, port: 1 })));
    }
    const previousRevisionArn = this.liveRevisionArn;
    return { number, revisionArn, deploymentArn, previousRevisionArn, newTargetGroupArn, oldTargetGroupArn, newTasks, oldTasks, config };
  }

  /** ECS shifted production traffic to the new revision (the rule's weights swapped); the deployment is not complete yet. */
  public shiftProduction(deployment: Deployment): void {
    const to = deployment.newTargetGroupArn;
    this.elbv2.rules.set(PROD_RULE, [{ arn: BLUE_TG, weight: to === BLUE_TG ? 100 : 0 }, { arn: GREEN_TG, weight: to === GREEN_TG ? 100 : 0 }]);
  }

  /** Forgets the AWS requests received so far. */
  public clearRequests(): void {
    this.ecs.aws.requests.length = 0;
    this.elbv2.aws.requests.length = 0;
  }

  /** The deployment finished: production moved to the new revision's target group. */
  public complete(deployment: Deployment): void {
    this.live = deployment.newTargetGroupArn;
    this.liveRevisionArn = deployment.revisionArn;
  }

  /**
   * The lifecycle-hook event at `stage`. At POST_TEST_TRAFFIC_SHIFT both weight maps are empty, as
   * in the documented payloads ("Lambda hooks for Amazon ECS service deployments", Amazon ECS
   * Developer Guide) and in the CloudWatch log of a redeployment in the AWS News Blog post
   * "Accelerate safe software releases with new built-in blue/green deployments in Amazon ECS"
   * (2025-07-17).
   */
  public event(deployment: Deployment, stage = 'POST_TEST_TRAFFIC_SHIFT', weights: { test?: Record<string, number>; production?: Record<string, number> } = {}, hookDetails: unknown = deployment.config) {
    return {
      executionId: `exec-${deployment.number}-${stage}`,
      lifecycleStage: stage,
      resourceArn: deployment.deploymentArn,
      executionDetails: {
        testTrafficWeights: weights.test ?? {},
        productionTrafficWeights: weights.production ?? {},
        serviceArn: SERVICE_ARN,
        targetServiceRevisionArn: deployment.revisionArn,
      },
      hookDetails,
    };
  }

  /**
   * A rollback invocation: ECS re-invokes the hooks of PRODUCTION_TRAFFIC_SHIFT (or TEST_TRAFFIC_SHIFT)
   * with `targetServiceRevisionArn` still the new revision at 0 % and the previous one at 100 %
   * ("Lifecycle hooks for Amazon ECS service deployments": "If the targetServiceRevisionArn (green
   * revision) has a weight of 0% and the other revision has 100%, the deployment is rolling back").
   */
  public rollbackEvent(deployment: Deployment, stage = 'PRODUCTION_TRAFFIC_SHIFT') {
    const back = { [deployment.revisionArn]: 0, [deployment.previousRevisionArn ?? 'none']: 100 };
    return this.event(deployment, stage, stage === 'TEST_TRAFFIC_SHIFT' ? { test: back } : { production: back });
  }

  /** Requests each set of tasks received. */
  public probed(deployment: Deployment): { newTasks: number; oldTasks: number } {
    const count = (ts: FakeTask[]) => ts.reduce((n, t) => n + t.requests.length, 0);
    return { newTasks: count(deployment.newTasks), oldTasks: count(deployment.oldTasks) };
  }
}

/** A clock running ahead of the real one by what a run has skipped: `Date.now` is patched while installed. */
export class SimulatedClock {
  private offsetMs = 0;
  private readonly realNow = Date.now;

  /** Patches `Date.now` (the handler's clock) to run `offset` ahead. */
  public install(): this {
    const real = this.realNow;
    Date.now = () => real() + this.offsetMs;
    return this;
  }

  public uninstall(): void {
    Date.now = this.realNow;
  }

  /** Skips `ms` (ECS waiting `callBackDelay` before the next invocation). */
  public advance(ms: number): void {
    this.offsetMs += ms;
  }

  public now(): number {
    return this.realNow() + this.offsetMs;
  }
}

/** One hook execution driven to its end, as ECS drives it. */
export interface HookRun {
  readonly result: HookResponse;
  readonly invocations: number;
  /** Simulated wall time from the first invocation to the final answer (invocations plus callBackDelays). */
  readonly wallMs: number;
  readonly answers: HookResponse[];
}

type Handler = (event: unknown, context: Context) => Promise<HookResponse>;

/**
 * Invokes the hook as ECS does: again after each IN_PROGRESS, `callBackDelay` seconds later (the
 * clock skips them), with the hookDetails it returned, until SUCCEEDED or FAILED.
 */
export async function runHook(
  handler: Handler,
  event: (hookDetails?: Record<string, unknown>) => unknown,
  clock: SimulatedClock,
  options: { remainingMs?: number; maxInvocations?: number; beforeInvocation?: () => void } = {},
): Promise<HookRun> {
  const started = clock.now();
  const answers: HookResponse[] = [];
  let hookDetails: Record<string, unknown> | undefined;
  for (let i = 0; i < (options.maxInvocations ?? 200); i++) {
    options.beforeInvocation?.();
    const answer = await handler(event(hookDetails), { getRemainingTimeInMillis: () => options.remainingMs ?? 60_000 } as Context);
    answers.push(answer);
    if (answer.hookStatus !== 'IN_PROGRESS') return { result: answer, invocations: answers.length, wallMs: clock.now() - started, answers };
    hookDetails = answer.hookDetails;
    clock.advance((answer.callBackDelay ?? 30) * 1000);
  }
  throw new Error(`the hook answered IN_PROGRESS ${answers.length} times`);
}
