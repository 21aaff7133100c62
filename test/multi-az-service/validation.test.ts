import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { orders } from './support';
import { MultiAzServiceProps } from '../../src/multi-az-service';
import { TrafficShift } from '../../src/traffic';
import { envStack } from '../support/app';

/** Defines the service in a fresh three-zone stack. */
function define(props: Partial<MultiAzServiceProps>, stack: Stack = envStack(3)) {
  return () => orders(stack, props);
}

describe('MultiAzService refuses bad input at synth', () => {
  test('fails when zones is below 2', () => {
    expect(define({ zones: 1 })).toThrow(/zones must be a whole number of at least 2.*got 1/);
  });

  test('fails when zones is not a whole number', () => {
    expect(define({ zones: 2.5 })).toThrow(/zones must be a whole number.*got 2.5/);
  });

  test('fails when more zones are asked than the region shows', () => {
    expect(define({ zones: 4 })).toThrow(/zones is 4 but the stack's region shows only 3/);
  });

  test('fails when the vpc has fewer zones than asked', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(define({ vpc, zones: 3 }, stack)).toThrow(/zones is 3 but the vpc has private subnets in only 2 Availability Zones \(eu-west-1a, eu-west-1b\)/);
  });

  test('fails when the vpc has fewer zones than the default', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(define({ vpc }, stack)).toThrow(/zones is 3 but the vpc has private subnets in only 2/);
  });

  test('fails when the cluster is in another vpc', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const other = new ec2.Vpc(stack, 'Other', { maxAzs: 3 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: other });
    expect(define({ vpc, cluster }, stack)).toThrow(/cluster is in VPC TestStack\/Other but vpc is TestStack\/Vpc/);
  });

  test('fails when a later service needs zones the shared network lacks', () => {
    const stack = envStack(6);
    orders(stack, { zones: 3 }, 'First');
    expect(define({ zones: 6 }, stack)).toThrow(/shared MultiAzService network spans eu-west-1a, eu-west-1b, eu-west-1c.*needs eu-west-1d, eu-west-1e, eu-west-1f/);
  });

  test('fails when the baseline is below 1', () => {
    expect(define({ baselineTasks: 0 })).toThrow(/baselineTasks must be a whole number of at least 1.*got 0/);
  });

  test('fails when maxTasks is below the computed minimum', () => {
    expect(define({ baselineTasks: 4, maxTasks: 5 })).toThrow(/maxTasks must be a whole number of at least 6.*got 5/);
  });

  test('fails when the health check path does not start with /', () => {
    expect(define({ healthCheckPath: 'health' })).toThrow(/healthCheckPath must start with '\/'.*got 'health'/);
  });

  test('fails when the container port is 0', () => {
    expect(define({ containerPort: 0 })).toThrow(/containerPort must be a whole number from 1 to 65535, got 0/);
  });

  test('fails when the container port is above 65535', () => {
    expect(define({ containerPort: 70000 })).toThrow(/containerPort must be a whole number from 1 to 65535, got 70000/);
  });

  test('fails when the cpu is not a Fargate value', () => {
    expect(define({ cpu: 300 })).toThrow(/cpu must be one of the Fargate CPU values/);
  });

  test('fails when the memory does not go with the cpu', () => {
    expect(define({ cpu: 256, memoryLimitMiB: 4096 })).toThrow(/memoryLimitMiB 4096 is not a Fargate size for cpu 256/);
  });

  test('fails when the CPU scaling target is above 100', () => {
    expect(define({ targetCpuUtilizationPercent: 150 })).toThrow(/targetCpuUtilizationPercent must be a whole number from 1 to 100, got 150/);
  });

  test('fails when the deregistration delay is above an hour', () => {
    expect(define({ deregistrationDelay: Duration.hours(2) })).toThrow(/deregistrationDelay must be whole seconds from 0 to 3600, got 2 hours/);
  });

  test('fails when the stop timeout is above the Fargate limit', () => {
    expect(define({ stopTimeout: Duration.minutes(5) })).toThrow(/stopTimeout must be whole seconds from 2 to 120, got 5 minutes/);
  });

  test('fails when rolling is combined with a traffic shift', () => {
    expect(define({ rolling: true, trafficShift: TrafficShift.canary(10, Duration.minutes(5)) }))
      .toThrow(/trafficShift cannot be combined with rolling: true.*Remove trafficShift, or remove rolling/);
  });

  test('fails when rolling is combined with checks', () => {
    expect(define({ rolling: true, checks: [{ name: 'health', path: '/health' }] })).toThrow(/checks cannot be combined with rolling: true: rolling updates have no test-traffic stage/);
  });

  test('fails when rolling is combined with a bake time', () => {
    expect(define({ rolling: true, bakeTime: Duration.minutes(5) })).toThrow(/bakeTime cannot be combined with rolling: true/);
  });

  test('fails when rolling is combined with zonal autoshift', () => {
    expect(define({ rolling: true, zonalAutoshift: {} })).toThrow(/zonalAutoshift cannot be combined with rolling: true/);
  });

  test('fails when the bake time is beyond the ECS limit', () => {
    expect(define({ bakeTime: Duration.hours(25) })).toThrow(/bakeTime: ECS takes a bake time of whole minutes from 0 to 1440, got 1500 min/);
  });

  test('fails when the bake time is not whole minutes', () => {
    expect(define({ bakeTime: Duration.seconds(90) })).toThrow(/bakeTime: ECS takes a bake time of whole minutes.*got 1.5 min/);
  });

  test('fails when a linear step is below 3%', () => {
    expect(define({ trafficShift: TrafficShift.linear(2, Duration.minutes(1)) })).toThrow(/trafficShift \(linear.*\): ECS takes a linear percentage of at least 3, got 2/);
  });

  test('fails when a percentage is finer than 0.1', () => {
    expect(define({ trafficShift: TrafficShift.canary(5.25, Duration.minutes(1)) })).toThrow(/ECS takes percentages in steps of 0.1, got 5.25/);
  });

  test('fails when canary interval plus bake time exceed 33 hours', () => {
    expect(define({ trafficShift: TrafficShift.canary(10, Duration.hours(20)), bakeTime: Duration.hours(14) }))
      .toThrow(/canary interval \(1200 min\) plus bakeTime \(840 min\) is 2040 min; ECS allows at most 1980 min/);
  });

  test('fails when a step interval is beyond 24 hours', () => {
    expect(define({ trafficShift: TrafficShift.linear(10, Duration.hours(25)) })).toThrow(/step interval of whole minutes from 0 to 1440, got 1500 min/);
  });

  test('fails when two checks share a name', () => {
    expect(define({ checks: [{ name: 'health', path: '/a' }, { name: 'health', path: '/b' }] })).toThrow(/health/);
  });

  test('fails when a check path does not start with /', () => {
    expect(define({ checks: [{ name: 'home', path: 'index.html' }] })).toThrow(/index\.html/);
  });

  test('fails when linear step bake times plus bake time exceed 33 hours', () => {
    // 9 steps of 3 h + 10 min of bake = 1630 min is fine; 9 steps of 3.5 h + 10 min = 1900 min too; 4 h: 2170 min
    expect(define({ trafficShift: TrafficShift.linear(10, Duration.hours(4)) }))
      .toThrow(/trafficShift \(linear: \+10% every 240 min.*\): 9 step bake times of 240 min plus bakeTime \(10 min\) is 2170 min; CloudFormation rejects linear deployments above 1980 min \(33 h\)/);
  });

  test('accepts a linear plan just within 33 hours, verification budget included in the 36 hours', () => {
    // 9 × 218 + 18 = 1980 min; plus the hook's 10 min budget = 1990 min, within 2160
    expect(define({ trafficShift: TrafficShift.linear(10, Duration.minutes(218)), bakeTime: Duration.minutes(18) })).not.toThrow();
  });

  test('fails when the container health check retries are out of 1-10', () => {
    const healthCheck = (retries: number): ecs.HealthCheck => ({ command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'], retries });
    expect(define({ containerHealthCheck: healthCheck(0) })).toThrow(/containerHealthCheck.retries must be a whole number from 1 to 10, got 0\. ECS retries a failing container health check 1 to 10 times/);
    expect(define({ containerHealthCheck: healthCheck(11) })).toThrow(/containerHealthCheck.retries must be a whole number from 1 to 10, got 11/);
    expect(define({ containerHealthCheck: healthCheck(2.5) })).toThrow(/containerHealthCheck.retries must be a whole number from 1 to 10, got 2.5/);
  });

  test('fails when the container health check start period is above 300 seconds', () => {
    expect(define({ containerHealthCheck: { command: ['CMD-SHELL', 'true'], startPeriod: Duration.minutes(6) } }))
      .toThrow(/containerHealthCheck.startPeriod must be whole seconds from 0 to 300, got 6 minutes\. Use e.g. Duration.seconds\(300\)/);
  });

  test('fails when the container health check interval or timeout is out of range', () => {
    expect(define({ containerHealthCheck: { command: ['CMD-SHELL', 'true'], interval: Duration.seconds(2) } }))
      .toThrow(/containerHealthCheck.interval must be whole seconds from 5 to 300, got 2 seconds/);
    expect(define({ containerHealthCheck: { command: ['CMD-SHELL', 'true'], timeout: Duration.seconds(1) } }))
      .toThrow(/containerHealthCheck.timeout must be whole seconds from 2 to 120, got 1 second/);
  });

  test('fails when the container health check timeout exceeds its interval', () => {
    expect(define({ containerHealthCheck: { command: ['CMD-SHELL', 'true'], interval: Duration.seconds(10), timeout: Duration.seconds(20) } }))
      .toThrow(/containerHealthCheck.timeout \(20 seconds\) must not exceed containerHealthCheck.interval \(10 seconds\)/);
  });

  test('accepts a container health check at the bounds', () => {
    expect(define({
      containerHealthCheck: { command: ['CMD-SHELL', 'true'], retries: 10, interval: Duration.seconds(300), timeout: Duration.seconds(120), startPeriod: Duration.seconds(300) },
    })).not.toThrow();
  });

  test('fails when breakGlass has no reason', () => {
    expect(define({ breakGlass: { reason: '  ', ignoreAlarms: true } })).toThrow(/breakGlass.reason must say why the safety nets are off.*got "  "/);
  });

  test('fails when the breakGlass reason is a token', () => {
    const stack = envStack(3);
    const reason = new CfnParameter(stack, 'Reason').valueAsString;
    expect(define({ breakGlass: { reason, ignoreAlarms: true } }, stack)).toThrow(/breakGlass.reason must say why.*got a token\. Pass a literal reason/);
  });

  test('fails when breakGlass turns nothing off', () => {
    expect(define({ breakGlass: { reason: 'INC-1' } })).toThrow(/breakGlass turns nothing off: set ignoreAlarms and\/or skipVerification to true, or remove breakGlass/);
    expect(define({ breakGlass: { reason: 'INC-1', ignoreAlarms: false, skipVerification: false } })).toThrow(/breakGlass turns nothing off/);
  });

  test('fails when breakGlass skips verification of a rolling service, which has none', () => {
    expect(define({ rolling: true, breakGlass: { reason: 'INC-1', skipVerification: true } }))
      .toThrow(/breakGlass.skipVerification has nothing to switch off with rolling: true.*Remove skipVerification, or remove rolling/);
  });
});
