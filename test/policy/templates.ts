/**
 * Small CloudFormation templates for the policy tests, written the way aws-cdk-lib synthesizes
 * them (resource shapes from the CloudFormation resource reference of each type).
 */
import { CfnResourceJson, CfnTemplateJson } from '../../src/policy/template';

export type Resources = { [id: string]: CfnResourceJson };

export function template(resources: Resources, metadata?: { [key: string]: any }): CfnTemplateJson {
  return { Resources: resources, ...(metadata ? { Metadata: metadata } : {}) };
}

/** A VPC and one subnet per entry of `zones` (an `AvailabilityZone` value each), ids Subnet0, Subnet1, ... */
export function vpc(zones: unknown[], prefix = 'Subnet'): Resources {
  const r: Resources = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } };
  zones.forEach((az, i) => {
    r[`${prefix}${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, AvailabilityZone: az, CidrBlock: `10.0.${i}.0/24` } };
  });
  return r;
}

/** `Fn::Select [i, Fn::GetAZs '']`, as an environment-agnostic ec2.Vpc writes a subnet's zone. */
export function selectAz(i: number): unknown {
  return { 'Fn::Select': [i, { 'Fn::GetAZs': '' }] };
}

export interface ServiceOptions {
  readonly subnets?: unknown[];
  readonly desiredCount?: unknown;
  readonly circuitBreaker?: { Enable: boolean; Rollback: boolean };
  readonly alarms?: { AlarmNames: string[]; Enable: boolean; Rollback: boolean };
  readonly controller?: string;
  readonly metadata?: { [key: string]: any };
}

/** An `AWS::ECS::Service` (Fargate, awsvpc) with logical id `Service`. */
export function service(o: ServiceOptions = {}): Resources {
  const deploymentConfiguration: { [key: string]: any } = { MaximumPercent: 200, MinimumHealthyPercent: 100 };
  if (o.circuitBreaker) deploymentConfiguration.DeploymentCircuitBreaker = o.circuitBreaker;
  if (o.alarms) deploymentConfiguration.Alarms = o.alarms;
  return {
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: { Ref: 'Cluster' },
        LaunchType: 'FARGATE',
        TaskDefinition: { Ref: 'TaskDef' },
        DeploymentConfiguration: deploymentConfiguration,
        ...(o.controller ? { DeploymentController: { Type: o.controller } } : {}),
        ...(o.desiredCount !== undefined ? { DesiredCount: o.desiredCount } : {}),
        NetworkConfiguration: {
          AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: o.subnets ?? [{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }] },
        },
      },
      ...(o.metadata ? { Metadata: o.metadata } : {}),
    },
  };
}

/** The scalable target aws-cdk-lib's `service.autoScaleTaskCount()` writes for `Service`. */
export function scalableTarget(min: unknown, max: unknown = 10): Resources {
  return {
    ServiceTaskCountTarget: {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        MinCapacity: min,
        MaxCapacity: max,
        ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Service', 'Name'] }]] },
        ScalableDimension: 'ecs:service:DesiredCount',
        ServiceNamespace: 'ecs',
      },
    },
  };
}

export const ROLLS_BACK = { circuitBreaker: { Enable: true, Rollback: true } };

/** A function, its version and an alias `live` (id `Alias`), optionally shifted by the deployment group `Group`. */
export function lambda(o: { shifted?: boolean; group?: { [key: string]: any } | false; aliasMetadata?: { [key: string]: any } } = {}): Resources {
  const r: Resources = {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' } } },
    FnVersion: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Fn' } } },
    Alias: {
      Type: 'AWS::Lambda::Alias',
      Properties: { FunctionName: { Ref: 'Fn' }, FunctionVersion: { 'Fn::GetAtt': ['FnVersion', 'Version'] }, Name: 'live' },
      ...(o.shifted ? { UpdatePolicy: { CodeDeployLambdaAliasUpdate: { ApplicationName: { Ref: 'App' }, DeploymentGroupName: { Ref: 'Group' } } } } : {}),
      ...(o.aliasMetadata ? { Metadata: o.aliasMetadata } : {}),
    },
  };
  if (o.shifted && o.group !== false) {
    r.Group = {
      Type: 'AWS::CodeDeploy::DeploymentGroup',
      Properties: o.group ?? {
        ApplicationName: { Ref: 'App' },
        AlarmConfiguration: { Alarms: [{ Name: { Ref: 'ErrorsAlarm' } }], Enabled: true },
        AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
        DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
        DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      },
    };
    r.ErrorsAlarm = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, MetricName: 'Errors', Namespace: 'AWS/Lambda', Period: 60, Statistic: 'Sum', Threshold: 0 },
    };
  }
  return r;
}

/** An API Gateway permission to invoke `functionName` (what `LambdaRestApi` writes). */
export function permission(id: string, functionName: unknown): Resources {
  return { [id]: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: functionName, Principal: 'apigateway.amazonaws.com' } } };
}
