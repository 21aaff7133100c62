import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ACCOUNT, REGION, tempOutdir } from './apps';
import { Finding, synthFindings } from './validators';
import { BlueGreenLambda, MultiAzService } from '../../src';
import { azContext } from '../support/app';

/**
 * Proof that the library hides nothing of the user's: a user stack with known findings, alone
 * and beside both constructs (in the same stack and in another one). Every finding the user's
 * resources raise alone is still reported, unacknowledged, with the constructs beside them.
 */
const FN_PROPS = {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
};

/** The user's own resources, each with a known finding. */
function userResources(stack: Stack): void {
  // A schema error: a misspelt property.
  const bucket = new s3.Bucket(stack, 'Uploads', { enforceSSL: true });
  (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('VersioningConfigurtion', { Status: 'Enabled' });
  // A wildcard policy (resource and action).
  const role = new iam.Role(stack, 'BatchRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  // A function on the default role: the AWS managed AWSLambdaBasicExecutionRole.
  new lambda.Function(stack, 'Cron', { ...FN_PROPS, logGroup: new logs.LogGroup(stack, 'CronLogs', { retention: logs.RetentionDays.ONE_YEAR }) });
}

function app(): App {
  return new App({ outdir: tempOutdir(), context: { '@aws-cdk/core:validateAgainstDefaultRules': true, ...azContext(ACCOUNT, REGION, 3) } });
}

function findings(build: (a: App) => void): Finding[] {
  const a = app();
  Validations.of(a).addPlugins(new AwsSolutionsChecks(a));
  build(a);
  return synthFindings(a);
}

const env = { account: ACCOUNT, region: REGION };
const key = (f: Finding) => `${f.plugin} | ${f.rule} | ${f.path}`;

describe('user findings beside the library', () => {
  const alone = findings((a) => {
    userResources(new Stack(a, 'Same', { env }));
    userResources(new Stack(a, 'Other', { env }));
  });
  let service: MultiAzService;
  const beside = findings((a) => {
    const same = new Stack(a, 'Same', { env });
    userResources(same);
    userResources(new Stack(a, 'Other', { env }));
    new BlueGreenLambda(same, 'Api', FN_PROPS);
    service = new MultiAzService(same, 'Orders', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
    // A wildcard on the task role, which the user extends.
    service.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }));
  });
  const reported = new Set(beside.filter((f) => f.acknowledgedAt === undefined).map(key));

  test.each([
    ['the misspelt property (F3002, which aws-cdk-lib\'s FlowLog acknowledges app-wide)', /^CloudFormation Validate \| F3002 \| (Same|Other)\/Uploads\/Resource$/],
    ['the resource wildcard', /^AwsSolutions \| AwsSolutions-IAM5\[Resource::\*\] \| (Same|Other)\/BatchRole\/DefaultPolicy\/Resource$/],
    ['the action wildcard', /^AwsSolutions \| AwsSolutions-IAM5\[Action::s3:\*\] \| (Same|Other)\/BatchRole\/DefaultPolicy\/Resource$/],
    ['the managed policy', /^AwsSolutions \| AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\] \| (Same|Other)\/Cron\/ServiceRole\/Resource$/],
  ])('%s is a finding of the user stacks alone, in both stacks', (_what, pattern) => {
    expect(alone.map(key).filter((k) => pattern.test(k))).toHaveLength(2);
  });

  test('every finding of the user stacks alone is still reported beside both constructs', () => {
    expect(alone.length).toBeGreaterThan(0);
    const hidden = alone.map(key).filter((k) => !reported.has(k));
    expect(hidden).toEqual([]);
  });

  test('the wildcard on the task role of a MultiAzService is reported', () => {
    expect([...reported]).toContain('AwsSolutions | AwsSolutions-IAM5[Resource::*] | Same/Orders/TaskDefinition/TaskRole/DefaultPolicy/Resource');
  });

  test('the function of a BlueGreenLambda on the default role keeps its managed-policy finding', () => {
    expect([...reported]).toContain('AwsSolutions | AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] | Same/Api/Function/ServiceRole/Resource');
  });

  test('nothing at all is suppressed by an acknowledgement', () => {
    expect(beside.filter((f) => f.acknowledgedAt !== undefined)).toEqual([]);
  });
});
