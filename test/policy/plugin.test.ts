import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { buildOrdersApp } from '../../examples/orders-app';
import { DeploymentSafetyChecks, DeploymentSafetyTier, SafetyTier } from '../../src';
import { evaluateTemplate } from '../../src/policy/rules';
import { azContext } from '../support/app';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
});
afterEach(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

function appWithChecks(checks = new DeploymentSafetyChecks()): App {
  return new App({ outdir, policyValidationBeta1: [checks], context: { ...azContext(ACCOUNT, REGION, 3) } });
}

/** A plain aws-cdk-lib Fargate service: VPC with one NAT gateway, desiredCount 1, no circuit breaker. */
function plainService(app: App, id: string): ecs.FargateService {
  const stack = new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
  return new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, minHealthyPercent: 100 });
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail');
}

interface ValidationReportJson {
  readonly pluginReports: Array<{
    pluginName: string;
    violations: Array<{ ruleName: string; severity: string }>;
    suppressedViolations?: Array<{ ruleName: string }>;
  }>;
}

function validationReport(): ValidationReportJson {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
}

function ourViolations(): Array<{ ruleName: string; severity: string }> {
  return validationReport().pluginReports.find((r) => r.pluginName === 'cdk-safe-deploy')?.violations ?? [];
}

describe('DeploymentSafetyChecks on plain aws-cdk-lib stacks', () => {
  test('fails synthesis with each finding: rule id with the construct path, the fix and how to acknowledge it', () => {
    const app = appWithChecks();
    plainService(app, 'Shop');
    const message = synthError(app);
    expect(message).toMatch(/SafeDeploy-ECS-Rollback\[Shop\/Service\/Service\]/);
    expect(message).toMatch(/SafeDeploy-ECS-ZoneLossCapacity\[Shop\/Service\/Service\]/);
    expect(message).toMatch(/1 task\(s\) minimum \(DesiredCount omitted and no scalable target: ECS starts one task\) over 2 zone\(s\) leaves 0/);
    expect(message).toMatch(/SafeDeploy-VPC-NatPerZone\[Shop\/Vpc\/PublicSubnet1\/NATGateway\]/);
    expect(message).toMatch(/Validations\.of\(<scope>\)\.acknowledge\(\{ id: 'cdk-safe-deploy::SafeDeploy-ECS-Rollback\[Shop\/Service\/Service\]'/);
    // Two zones from Fn::GetAZs selections in an environment-bound stack with literal zones: the zones rule passes.
    expect(message).not.toMatch(/SafeDeploy-ECS-MultiAz\[/);
  });

  test('a service with rollback and capacity for a zone loss passes', () => {
    const app = appWithChecks();
    const stack = new Stack(app, 'Shop', { env: { account: ACCOUNT, region: REGION } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
    const svc = new ecs.FargateService(stack, 'Service', {
      cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition: task, minHealthyPercent: 100, circuitBreaker: { rollback: true },
    });
    svc.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 9 });
    expect(() => app.synth()).not.toThrow();
    expect(ourViolations()).toEqual([]);
  });

  test('acknowledging one service leaves the same finding of another stack in force', () => {
    const app = appWithChecks();
    const first = plainService(app, 'First');
    plainService(app, 'Second');
    for (const rule of ['SafeDeploy-ECS-Rollback', 'SafeDeploy-ECS-ZoneLossCapacity']) {
      Validations.of(first).acknowledge({ id: `cdk-safe-deploy::${rule}[First/Service/Service]`, reason: 'batch job: reruns on failure, one task is enough' });
    }
    Validations.of(first.node.scope!).acknowledge({ id: 'cdk-safe-deploy::SafeDeploy-VPC-NatPerZone[First/Vpc/PublicSubnet1/NATGateway]', reason: 'test VPC' });
    const message = synthError(app);
    expect(message).toMatch(/SafeDeploy-ECS-Rollback\[Second\/Service\/Service\]/);
    expect(message).not.toMatch(/SafeDeploy-ECS-Rollback\[First\/Service\/Service\]/);
    const suppressed = validationReport().pluginReports.find((r) => r.pluginName === 'cdk-safe-deploy')!.suppressedViolations!.map((v) => v.ruleName);
    expect(suppressed.sort()).toEqual([
      'SafeDeploy-ECS-Rollback[First/Service/Service]',
      'SafeDeploy-ECS-ZoneLossCapacity[First/Service/Service]',
      'SafeDeploy-VPC-NatPerZone[First/Vpc/PublicSubnet1/NATGateway]',
    ]);
  });

  test('acknowledging every finding of both stacks lets synthesis pass', () => {
    const app = appWithChecks();
    for (const id of ['First', 'Second']) {
      const svc = plainService(app, id);
      for (const rule of ['SafeDeploy-ECS-Rollback', 'SafeDeploy-ECS-ZoneLossCapacity']) {
        Validations.of(svc).acknowledge({ id: `cdk-safe-deploy::${rule}[${id}/Service/Service]`, reason: 'accepted for this test' });
      }
      Validations.of(svc).acknowledge({ id: `cdk-safe-deploy::SafeDeploy-VPC-NatPerZone[${id}/Vpc/PublicSubnet1/NATGateway]`, reason: 'accepted for this test' });
    }
    expect(() => app.synth()).not.toThrow();
  });

  test('a Lambda alias behind an API without CodeDeploy, and a URL on the unqualified function', () => {
    const app = appWithChecks();
    const stack = new Stack(app, 'Api', { env: { account: ACCOUNT, region: REGION } });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})') });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: alias });
    fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    const message = synthError(app);
    expect(message).toMatch(/SafeDeploy-Lambda-CodeDeployShift\[Api\/Live\/Resource\]/);
    expect(message).toMatch(/SafeDeploy-Lambda-CallerUsesAlias\[Api\/Fn\/FunctionUrl\/Resource\]/);
  });

  /** A plain aws-cdk-lib alias shifted by a deployment group with an alarm and auto-rollback, reached by `caller`. */
  function shiftedAliasPasses(caller: (stack: Stack, alias: lambda.Alias) => void): void {
    const app = appWithChecks();
    const stack = new Stack(app, 'Api', { env: { account: ACCOUNT, region: REGION } });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})') });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    caller(stack, alias);
    const errors = new cloudwatch.Alarm(stack, 'Errors', { metric: alias.metricErrors({ period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 1 });
    new codedeploy.LambdaDeploymentGroup(stack, 'Group', {
      alias, deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, alarms: [errors],
    });
    expect(() => app.synth()).not.toThrow();
    expect(ourViolations()).toEqual([]);
  }

  test('a Lambda alias shifted by an aws-codedeploy deployment group with an alarm and auto-rollback passes', () => {
    shiftedAliasPasses((stack, alias) => new apigateway.LambdaRestApi(stack, 'Rest', { handler: alias }));
  });

  test('a function URL on the shifted alias (alias.addFunctionUrl) passes', () => {
    shiftedAliasPasses((_stack, alias) => alias.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM }));
  });

  test('an aws-rds instance without multiAz is a single-zone dependency', () => {
    const app = appWithChecks();
    const stack = new Stack(app, 'Data', { env: { account: ACCOUNT, region: REGION } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc, instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO) });
    const message = synthError(app);
    expect(message).toMatch(/SafeDeploy-RDS-MultiAz\[Data\/Db\/Resource\]/);
    expect(message).toMatch(/is single-AZ \(MultiAZ is false\)/);
  });
});

describe('tiers chosen with SafetyTier', () => {
  test('standard on a stack turns its findings into warnings: synthesis passes and the report keeps them', () => {
    const app = appWithChecks();
    const svc = plainService(app, 'Shop');
    SafetyTier.of(svc.stack).set(DeploymentSafetyTier.STANDARD);
    expect(() => app.synth()).not.toThrow();
    const violations = ourViolations();
    expect(violations.map((v) => `${v.ruleName} ${v.severity}`).sort()).toEqual([
      'SafeDeploy-ECS-Rollback[Shop/Service/Service] warning',
      'SafeDeploy-ECS-ZoneLossCapacity[Shop/Service/Service] warning',
      'SafeDeploy-VPC-NatPerZone[Shop/Vpc/PublicSubnet1/NATGateway] warning',
    ]);
  });

  test('the innermost tier wins: a single-zone service in a critical stack', () => {
    const app = appWithChecks();
    const svc = plainService(app, 'Shop');
    SafetyTier.of(svc.stack).set(DeploymentSafetyTier.CRITICAL);
    SafetyTier.of(svc).set(DeploymentSafetyTier.SINGLE_ZONE);
    expect(SafetyTier.of(svc.node.defaultChild!).tier).toBe(DeploymentSafetyTier.SINGLE_ZONE);
    expect(SafetyTier.of(svc.stack).tier).toBe(DeploymentSafetyTier.CRITICAL);
    const message = synthError(app);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Shop.template.json'), 'utf8'));
    expect(template.Metadata['cdk-safe-deploy:tier']).toBe('critical');
    const serviceId = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::ECS::Service')!;
    expect(template.Resources[serviceId].Metadata['cdk-safe-deploy:tier']).toBe('single-zone');
    // The service's rollback is still an error; its zone-loss capacity is a visible choice.
    expect(message).toMatch(/SafeDeploy-ECS-Rollback\[Shop\/Service\/Service\]/);
    const violations = ourViolations().map((v) => `${v.ruleName} ${v.severity}`);
    expect(violations).toContain('SafeDeploy-ECS-ZoneLossCapacity[Shop/Service/Service] info');
    expect(violations).toContain('SafeDeploy-ECS-MultiAz[Shop/Service/Service] info');
    expect(violations).toContain('SafeDeploy-VPC-NatPerZone[Shop/Vpc/PublicSubnet1/NATGateway] error');
  });

  test('the plugin default tier applies where no SafetyTier is set', () => {
    const app = appWithChecks(new DeploymentSafetyChecks({ defaultTier: DeploymentSafetyTier.STANDARD }));
    plainService(app, 'Shop');
    expect(() => app.synth()).not.toThrow();
    expect(ourViolations().every((v) => v.severity === 'warning')).toBe(true);
  });

  test('setting the tier again on the same scope replaces it; an unset scope has none', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    expect(SafetyTier.of(stack).tier).toBeUndefined();
    SafetyTier.of(stack).set(DeploymentSafetyTier.STANDARD);
    SafetyTier.of(stack).set(DeploymentSafetyTier.CRITICAL);
    expect(SafetyTier.of(stack).tier).toBe(DeploymentSafetyTier.CRITICAL);
    expect(SafetyTier.METADATA_KEY).toBe('cdk-safe-deploy:tier');
  });

  test('fails when the tier is not one of the three', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => SafetyTier.of(stack).set('gold' as DeploymentSafetyTier)).toThrow(/tier must be one of critical, standard, single-zone, got "gold"/);
  });
});

describe('the library constructs', () => {
  test('the orders demo app passes every rule', () => {
    const { app, stacks } = buildOrdersApp({ outdir });
    Validations.of(app).addPlugins(new DeploymentSafetyChecks());
    const assembly = app.synth();
    expect(ourViolations()).toEqual([]);
    const template = assembly.getStackByName(stacks[0].stackName).template;
    expect(evaluateTemplate(template, { stackName: stacks[0].stackName })).toEqual([]);
  });
});
