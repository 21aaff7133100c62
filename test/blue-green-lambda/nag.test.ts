import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FUNCTION_PROPS } from './support';
import { BlueGreenLambda } from '../../src/blue-green-lambda';
import { TrafficShift } from '../../src/traffic';
import { CheckPhase } from '../../src/verification';
import { Owner, ownerOf } from '../security/ownership';
import { synthFindings } from '../security/validators';
import { envStack } from '../support/app';

test('AwsSolutionsChecks reports the functions\' default roles, and on the shared hooks only the documented findings', () => {
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
  const findings = synthFindings(app);
  const owner = ownerOf(app);
  expect(findings.filter((f) => f.acknowledgedAt !== undefined)).toEqual([]);
  // The functions are the user's: their default role's managed policy stays reported (pass `role` to avoid it).
  expect(findings.filter((f) => owner(f.path) === Owner.USER).map((f) => `${f.rule} ${f.path}`).sort()).toEqual(['Api', 'Worker'].map((id) =>
    `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] TestStack/${id}/Function/ServiceRole/Resource`));
  // Each explained in docs/security.md; the full matrix is test/security/validator-matrix.test.ts.
  expect([...new Set(findings.filter((f) => owner(f.path) === Owner.LIBRARY).map((f) => `${f.rule} ${f.path}`))].sort()).toEqual([
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited] TestStack/SafeDeployLambdaResources/ServiceRole/Resource',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch:eu-west-1:123456789012:alarm:*] TestStack/SafeDeployLambdaResources/HookRole/DefaultPolicy/Resource',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codedeploy:eu-west-1:123456789012:deploymentgroup:<SafeDeployLambdaResourcesApplication822743A6>/*] TestStack/SafeDeployLambdaResources/HookRole/DefaultPolicy/Resource',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codedeploy:eu-west-1:123456789012:deploymentgroup:<SafeDeployLambdaResourcesApplication822743A6>/*] TestStack/SafeDeployLambdaResources/ReportFailureRole/DefaultPolicy/Resource',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:eu-west-1:123456789012:function:*] TestStack/SafeDeployLambdaResources/HookRole/DefaultPolicy/Resource',
  ]);

  // the only acknowledgements are plain ids on the library's own hook functions, with their reason
  // Read from the assembly: synthesizing again would throw on the reported findings.
  const template = JSON.parse(fs.readFileSync(path.join(app.outdir, stack.templateFile), 'utf8'));
  for (const [id, r] of Object.entries(template.Resources as Record<string, any>)) {
    const rules: Array<{ id: string; reason: string }> = r.Metadata?.cdk_nag?.rules_to_suppress ?? [];
    for (const rule of rules) {
      expect({ id, rule: rule.id }).toEqual({ id: expect.stringMatching(/^SafeDeployLambdaResources(PreTrafficHook|PostTrafficHook|ReportFailure)[A-Za-z]*[0-9A-F]{8}$/), rule: 'AwsSolutions-L1' });
      expect(rule.reason.length).toBeGreaterThan(40);
    }
  }
});
