import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildOrdersApp } from '../../examples/orders-app';
import { DeploymentSafetyTier, SafetyTier } from '../../src';
import { main } from '../../src/report/cli';
import { Report } from '../../src/report/model';
import { azContext } from '../support/app';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** Runs the command in-process and captures what it writes. */
function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A plain aws-cdk-lib Fargate service in its own stack: one NAT gateway, one task, no rollback. */
function plainService(scope: App | Stage, id: string): ecs.FargateService {
  const stack = new Stack(scope, id, { env: { account: ACCOUNT, region: REGION } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
  return new ecs.FargateService(stack, 'Service', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition: task, minHealthyPercent: 100 });
}

describe('on the orders demo assembly', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = tempDir();
    buildOrdersApp({ outdir }).app.synth();
  });

  test('the table shows zones, capacity, plan, checks, alarms, the bound and no finding; exit 0', () => {
    const r = run('report', outdir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Stack Orders \(Orders.template.json\)/);
    expect(r.out).toMatch(/Orders\/OrdersApi\/Alias \(live\)\s+critical\s+regional\s+all at once/);
    expect(r.out).toMatch(/before traffic: BeforeAllowTraffic hook Orders\/SafeDeployLambdaResources\/PreTrafficHook; check 'health'; check 'create-order'; check 'rejects-empty-order'/);
    expect(r.out).toMatch(/after traffic: {2}AfterAllowTraffic hook .*check 'health-after-traffic'; bake 5 min watching the alarms/);
    expect(r.out).toMatch(/Orders\/OrdersService\/Service\/Service\s+critical\s+3: eu-west-1a, eu-west-1b, eu-west-1c\s+6 -> 4\s+canary 10% for 5 min, then 100%; bake 10 min/);
    expect(r.out).toMatch(/check 'home': GET \/ -> 200/);
    expect(r.out).toMatch(/Orders-OrdersService-Alarms-[0-9a-f]+-eu-west-1b-LatencyP99: 2 of 3 x 60 s -> 3 min/);
    expect(r.out).toMatch(/Findings \(0\)\n {4}none/);
    expect(r.out).toMatch(/Total: 0 error\(s\), 0 warning\(s\), 0 info\(s\), 0 acknowledged/);
  });

  test('the JSON carries the same figures; the bound matches the arithmetic', () => {
    const r = run('report', outdir, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    const [stack] = report.stacks;
    const fn = stack.functions[0];
    // All at once (0 s) + the slowest alarm: 60 s x (2 datapoints + 1) = 180 s; the 5-minute bake (300 s) covers it.
    expect(fn.rollback).toMatchObject({ toFullTrafficSeconds: 0, detectionSeconds: 180, worstCaseSeconds: 180, watchAfterFullSeconds: 300, covered: 'yes' });
    // The pre-traffic hook reports before its 900 s timeout.
    expect(fn.rollback.beforeTrafficSeconds).toBe(900);
    expect(fn.alarms).toHaveLength(3);
    expect(fn.zones).toEqual(['regional']);
    const svc = stack.services[0];
    // 6 tasks (scalable target minimum) over 3 zones: 6 - ceil(6 / 3) = 4 left.
    expect(svc).toMatchObject({ zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], minTasks: 6, tasksAfterZoneLoss: 4 });
    // Canary bake 5 min (300 s) + slowest alarm 60 s x (2 + 1) = 180 s -> 480 s; the 10-minute bake (600 s) covers 180 s.
    expect(svc.rollback).toMatchObject({ toFullTrafficSeconds: 300, detectionSeconds: 180, worstCaseSeconds: 480, watchAfterFullSeconds: 600, covered: 'yes' });
    // The ECS hook gives the new revision 10 minutes to show a healthy task in every zone.
    expect(svc.rollback.beforeTrafficSeconds).toBe(600);
    // 3 regional + 2 per target group x 2 (blue, green) + 2 per zone x 3 zones + 2 outlier alarms per zone x 3 zones
    // = 3 + 4 + 6 + 6 = 19 alarms.
    expect(svc.alarms).toHaveLength(19);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, infos: 0, acknowledged: 0 });
  });

  test('the Markdown has a heading, one table per kind and the findings', () => {
    const r = run('report', outdir, '--markdown');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## :white_check_mark: cdk-safe-deploy report/);
    expect(r.out).toMatch(/\n### Stack `Orders`\n/);
    expect(r.out).toMatch(/\| Alias \| Tier \| Zones \| Traffic plan \| Before traffic \| After traffic \| Rollback alarms \| Regression → rollback \|/);
    expect(r.out).toMatch(/\| `Orders\/OrdersService\/Service\/Service` \| critical \| eu-west-1a, eu-west-1b, eu-west-1c \| 6 -> 4 \|/);
    expect(r.out).toMatch(/\*\*Findings\*\* \(0\)\n\nNone\./);
  });
});

describe('on an assembly with findings', () => {
  test('errors: exit 1, each finding with rule id, fix and acknowledgement id', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    plainService(app, 'Shop');
    app.synth();
    const r = run('report', outdir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ERROR \[critical\] SafeDeploy-ECS-Rollback\[Shop\/Service\/Service\]/);
    expect(r.out).toMatch(/fix: Set DeploymentConfiguration.DeploymentCircuitBreaker/);
    expect(r.out).toMatch(/Validations.of\(<scope>\).acknowledge\(\{ id: 'cdk-safe-deploy::SafeDeploy-ECS-ZoneLossCapacity\[Shop\/Service\/Service\]'/);
    expect(r.out).toMatch(/Shop\/Service\/Service\s+critical\s+2: eu-west-1a, eu-west-1b\s+1 -> 0\s+rolling/);
    expect(r.out).toMatch(/Total: 3 error\(s\)/);
    const md = run('report', outdir, '--markdown');
    expect(md.code).toBe(1);
    expect(md.out).toMatch(/^## :x: cdk-safe-deploy report/);
    expect(md.out).toMatch(/\| error \| `SafeDeploy-VPC-NatPerZone\[Shop\/Vpc\/PublicSubnet1\/NATGateway\]` \|/);
  });

  test('acknowledged findings are shown with their reason and do not count as errors', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    const svc = plainService(app, 'Shop');
    for (const id of ['SafeDeploy-ECS-Rollback[Shop/Service/Service]', 'SafeDeploy-ECS-ZoneLossCapacity[Shop/Service/Service]', 'SafeDeploy-VPC-NatPerZone[Shop/Vpc/PublicSubnet1/NATGateway]']) {
      Validations.of(svc).acknowledge({ id: `cdk-safe-deploy::${id}`, reason: 'a batch worker: reruns failed jobs, one task is enough' });
    }
    app.synth();
    const r = run('report', outdir, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.totals).toEqual({ errors: 0, warnings: 0, infos: 0, acknowledged: 3 });
    expect(report.stacks[0].findings.every((f) => f.acknowledgedReason === 'a batch worker: reruns failed jobs, one task is enough')).toBe(true);
    expect(run('report', outdir).out).toMatch(/ERROR \(ACKNOWLEDGED\) \[critical\] SafeDeploy-ECS-Rollback\[Shop\/Service\/Service\]\n.*\n.*\n {6}acknowledged: a batch worker/);
  });

  test('a standard stack gives warnings and exit 0', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    const standard = plainService(app, 'Standard');
    SafetyTier.of(standard.stack).set(DeploymentSafetyTier.STANDARD);
    app.synth();
    const r = run('report', outdir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Stack Standard \(Standard.template.json, tier standard\)/);
    expect(r.out).toMatch(/WARNING \[standard\] SafeDeploy-ECS-Rollback\[Standard\/Service\/Service\]/);
    expect(r.out).toMatch(/Total: 0 error\(s\), 3 warning\(s\)/);
  });

  test('a single-zone service shows the choice as info; its missing rollback stays an error (exit 1)', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    const single = plainService(app, 'Single');
    SafetyTier.of(single.stack).set(DeploymentSafetyTier.STANDARD);
    SafetyTier.of(single).set(DeploymentSafetyTier.SINGLE_ZONE);
    app.synth();
    const r = run('report', outdir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Single\/Service\/Service\s+single-zone/);
    expect(r.out).toMatch(/INFO \[single-zone\] SafeDeploy-ECS-ZoneLossCapacity\[Single\/Service\/Service\]\n {6}single zone chosen:/);
    expect(r.out).toMatch(/ERROR \[single-zone\] SafeDeploy-ECS-Rollback\[Single\/Service\/Service\]/);
    expect(r.out).toMatch(/WARNING \[standard\] SafeDeploy-VPC-NatPerZone\[Single\/Vpc\/PublicSubnet1\/NATGateway\]/);
  });

  test('--default-tier standard turns the default critical findings into warnings', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    plainService(app, 'Shop');
    app.synth();
    const r = run('report', outdir, '--default-tier', 'standard', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Report).totals).toMatchObject({ errors: 0, warnings: 3 });
  });

  test('a plain aws-cdk-lib function in a VPC with a CodeDeploy canary: zones, plan and the bound by hand', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    const stack = new Stack(app, 'Api', { env: { account: ACCOUNT, region: REGION } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'), vpc,
    });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: alias });
    const errors = new cloudwatch.Alarm(stack, 'Errors', {
      metric: alias.metricErrors({ period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 3, datapointsToAlarm: 2,
    });
    new codedeploy.LambdaDeploymentGroup(stack, 'Group', { alias, deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, alarms: [errors] });
    app.synth();
    const r = run('report', outdir, '--json');
    expect(r.code).toBe(0);
    const f = (JSON.parse(r.out) as Report).stacks[0].functions[0];
    expect(f).toMatchObject({ path: 'Api/Live', alias: 'live', zones: ['eu-west-1a', 'eu-west-1b'], trafficPlan: { kind: 'canary', percent: 10, intervalSeconds: 300 } });
    expect(f.beforeTraffic).toEqual([]);
    // Canary 5 min (300 s) + 60 s x (2 datapoints + 1) = 180 s -> 480 s. No post-traffic bake: once 100% is reached,
    // nothing watches the alarm, so a regression that shows only under full traffic is not covered.
    expect(f.rollback).toMatchObject({ toFullTrafficSeconds: 300, detectionSeconds: 180, worstCaseSeconds: 480, watchAfterFullSeconds: 0, covered: 'no' });
    expect(run('report', outdir).out).toMatch(/before traffic: no checks/);
  });

  test('stacks inside a stage (nested assembly) are reported', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
    plainService(new Stage(app, 'Prod'), 'Shop');
    app.synth();
    const r = run('report', outdir, '--json');
    const report = JSON.parse(r.out) as Report;
    expect(report.stacks.map((s) => s.stackName)).toEqual(['Prod-Shop']);
    expect(report.stacks[0].findings.map((f) => f.ruleId)).toContain('SafeDeploy-ECS-Rollback[Prod/Shop/Service/Service]');
    expect(r.code).toBe(1);
  });
});

describe('bad input', () => {
  test('a path that does not exist', () => {
    const r = run('report', '/no/such/cdk.out');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/no\/such\/cdk.out: no such file or directory. Pass the cloud assembly directory that `cdk synth` writes/);
    expect(r.out).toBe('');
  });

  test('a folder that is not a cloud assembly (no manifest.json)', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'Stack.template.json'), '{}');
    const r = run('report', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a cloud assembly: it has no manifest.json/);
  });

  test('a file instead of a folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'Stack.template.json');
    fs.writeFileSync(file, '{}');
    const r = run('report', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a file, not a cloud assembly directory/);
  });

  test('a manifest that is not JSON', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ not json');
    const r = run('report', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the manifest .*manifest.json is not valid JSON/);
  });

  test('usage errors exit 2 with the usage; --help exits 0', () => {
    expect(run().code).toBe(2);
    expect(run().err).toMatch(/no command given.*\nusage: cdk-safe-deploy report/);
    expect(run('deploy').err).toMatch(/unknown command 'deploy'/);
    expect(run('report').err).toMatch(/pass exactly one cloud assembly directory, got 0/);
    expect(run('report', 'a', 'b').code).toBe(2);
    expect(run('report', 'cdk.out', '--yaml').err).toMatch(/unknown option '--yaml'/);
    expect(run('report', 'cdk.out', '--json', '--markdown').err).toMatch(/--json and --markdown exclude each other/);
    expect(run('report', 'cdk.out', '--default-tier', 'gold').err).toMatch(/--default-tier takes critical, standard or single-zone, got "gold"/);
    const help = run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: cdk-safe-deploy report/);
  });
});

describe('as a process', () => {
  test('the script exits with the code and prints the message', () => {
    const cli = path.join(__dirname, '..', '..', 'src', 'report', 'cli.ts');
    const p = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', cli, 'report', '/no/such/dir'], { encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' } });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/no such file or directory/);
  });
});
