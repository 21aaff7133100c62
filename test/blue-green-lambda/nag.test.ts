import { App, Duration, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FUNCTION_PROPS, resourceOf } from './support';
import { BlueGreenLambda } from '../../src/blue-green-lambda';
import { TrafficShift } from '../../src/traffic';
import { CheckPhase } from '../../src/verification';
import { envStack } from '../support/app';

test('AwsSolutionsChecks finds nothing unacknowledged in a realistic stack', () => {
  const stack = envStack();
  const app = stack.node.root as App;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  const fnProps = { ...FUNCTION_PROPS, runtime: lambda.Runtime.NODEJS_24_X };
  const verifierRole = new iam.Role(stack, 'E2eVerifierRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const verifierLogs = new logs.LogGroup(stack, 'E2eVerifierLogs', { retention: logs.RetentionDays.ONE_MONTH });
  verifierLogs.grantWrite(verifierRole);
  const verifier = new lambda.Function(stack, 'E2eVerifier', { ...fnProps, role: verifierRole, logGroup: verifierLogs });
  const api = new BlueGreenLambda(stack, 'Api', {
    ...fnProps,
    timeout: Duration.seconds(10),
    trafficShift: TrafficShift.canary(10, Duration.minutes(5)),
    checks: [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }],
    verificationFunctions: [{ name: 'e2e', function: verifier, phase: CheckPhase.AFTER_TRAFFIC }],
  });
  api.addAlarm(new cloudwatch.Alarm(stack, 'SloBurn', { metric: api.metricErrors(), threshold: 10, evaluationPeriods: 1 }));
  new BlueGreenLambda(stack, 'Worker', fnProps);
  app.synth();

  // every acknowledgement carries its reason into the template
  const hookPolicy = resourceOf(Template.fromStack(stack), 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesHookRole').resource;
  const rules: Array<{ id: string; reason: string }> = hookPolicy.Metadata.cdk_nag.rules_to_suppress;
  expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining([
    expect.stringMatching(/^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:lambda:eu-west-1:123456789012:function:\*\]$/),
    expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<E2eVerifier[0-9A-F]{8}\.Arn>:\*\]$/),
  ]));
  for (const r of rules) expect(r.reason.length).toBeGreaterThan(40);
});
