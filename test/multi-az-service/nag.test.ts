import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { orders } from './support';
import { TrafficShift } from '../../src/traffic';
import { Owner, ownerOf } from '../security/ownership';
import { synthFindings } from '../security/validators';
import { envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

/** A realistic stack: an HTTPS orders service with secrets and checks, and an internal rolling worker. */
function realisticStack(nag: boolean): Stack {
  const stack = envStack(3);
  const app = stack.node.root as App;
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const db = secretsmanager.Secret.fromSecretNameV2(stack, 'DbSecret', 'orders/db');
  orders(stack, {
    image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'orders'), '1.4.2'),
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(db) },
    healthCheckPath: '/health',
    baselineTasks: 4,
    trafficShift: TrafficShift.canary(10, Duration.minutes(5)),
    checks: [{ name: 'health', path: '/health' }, { name: 'list-orders', path: '/orders', bodyContains: '[' }],
    zonalAutoshift: {},
  });
  orders(stack, { internetFacing: false, rolling: true, healthCheckPath: '/health' }, 'Worker');
  return stack;
}

test('AwsSolutionsChecks reports nothing on the stack\'s own resources, and on the service only the documented findings', () => {
  const stack = realisticStack(true);
  const app = stack.node.root as App;
  const findings = synthFindings(app);
  const owner = ownerOf(app);
  expect(findings.filter((f) => f.acknowledgedAt !== undefined)).toEqual([]);
  expect(findings.filter((f) => owner(f.path) === Owner.USER)).toEqual([]);
  // Each explained in docs/security.md; the full matrix is test/security/validator-matrix.test.ts.
  expect([...new Set(findings.map((f) => f.rule))].sort()).toEqual([
    'AwsSolutions-EC23',
    'AwsSolutions-ELB2',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
    'AwsSolutions-IAM5[Resource::*]',
    // The verification hook reads the services, revisions, deployments and tasks of its cluster.
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:service-deployment/<MultiAzServiceNetworkClusterC2CE170E>/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:service-revision/<MultiAzServiceNetworkClusterC2CE170E>/*]',
    // ... and the desired-count function reads the services of the cluster.
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:service/<MultiAzServiceNetworkClusterC2CE170E>/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task/<MultiAzServiceNetworkClusterC2CE170E>/*]',
    'W3010',
  ]);
});

test('cfn-lint finds no errors in the synthesized template', () => {
  const stack = realisticStack(false);
  expect(cfnLint(Template.fromStack(stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
});
