/**
 * Integration test of MultiAzService. The app deploys a zero-config service (nginx) in an
 * environment-agnostic stack over two zones; then, driven from assertions:
 * 1. the service answers through its load balancer, with a healthy target in every zone;
 * 2. the service is updated to a broken task definition (its container exits at start): the ECS
 *    deployment rolls back, and the service keeps running the task definition it had.
 *
 * Snapshot (no AWS account): `npx projen integ`. Against an account: docs/integration-tests.md.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { expectHealthyTargetIn } from './releases';
import { MultiAzService } from '../../src';
import { testApp } from '../support/app';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const PORT = 80;

const app = testApp();
// Environment-agnostic, so the test deploys to any region: the stack sees two zones, and the
// service is told to span exactly those.
const stack = new Stack(app, 'SafeDeployIntegMultiAzService');
const orders = new MultiAzService(stack, 'Orders', {
  image: IMAGE,
  containerPort: PORT,
  healthCheckPath: '/',
  zones: 2,
  baselineTasks: 2,
});

// The broken release: the same container, port and log group shape, but it exits at start.
const broken = new ecs.FargateTaskDefinition(stack, 'BrokenTaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
broken.addContainer(orders.container.containerName, {
  image: IMAGE,
  command: ['sh', '-c', 'echo "integ: broken release"; exit 1'],
  portMappings: [{ containerPort: PORT }],
  logging: ecs.LogDrivers.awsLogs({
    streamPrefix: 'broken',
    logGroup: new logs.LogGroup(stack, 'BrokenLogs', { retention: logs.RetentionDays.ONE_DAY }),
  }),
});

const integ = new IntegTest(app, 'MultiAzService', {
  testCases: [stack],
  cdkCommandOptions: { destroy: { args: { force: true } } },
});

const cluster = orders.cluster.clusterName;
const service = orders.service.serviceName;

// 1. Serving through the load balancer, a healthy target in every zone.
const serving = integ.assertions
  .httpApiCall(`http://${orders.loadBalancer.loadBalancerDnsName}/`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
const zones = orders.availabilityZones.map((zone) => expectHealthyTargetIn(integ, orders.blueTargetGroup.targetGroupArn, zone));

// 2. A broken task definition is rolled back.
const update = integ.assertions.awsApiCall('ECS', 'updateService', {
  cluster, service, taskDefinition: broken.taskDefinitionArn,
});
// The caller hands the new task definition's roles to ECS.
update.provider.addToRolePolicy({
  Effect: 'Allow',
  Action: ['iam:PassRole'],
  Resource: [broken.taskRole.roleArn, broken.obtainExecutionRole().roleArn],
  Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
});
const rolledBack = integ.assertions
  .awsApiCall('ECS', 'listServiceDeployments', { cluster, service })
  .expect(ExpectedResult.objectLike({
    serviceDeployments: Match.arrayWith([Match.objectLike({ status: 'ROLLBACK_SUCCESSFUL' })]),
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.minutes(1) });
const keptTaskDefinition = integ.assertions
  .awsApiCall('ECS', 'describeServices', { cluster, services: [service] })
  .expect(ExpectedResult.objectLike({
    services: Match.arrayWith([Match.objectLike({ taskDefinition: orders.taskDefinition.taskDefinitionArn })]),
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) });

let previous = serving;
for (const zone of zones) previous = previous.next(zone);
previous.next(update).next(rolledBack).next(keptTaskDefinition);

app.synth();
