import { Duration, Lazy, Size } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { blueGreen, FUNCTION_PROPS } from './support';
import { TrafficShift } from '../../src/traffic';
import { CheckPhase } from '../../src/verification';
import { envStack } from '../support/app';

describe('BlueGreenLambda refuses bad input at synth', () => {
  test.each<[string, Parameters<typeof blueGreen>[0], RegExp]>([
    ['a canary percentage is not whole', { trafficShift: TrafficShift.canary(12.5, Duration.minutes(5)) }, /trafficShift .*whole percentage from 1 to 99, got 12.5/],
    ['a linear interval is not whole minutes', { trafficShift: TrafficShift.linear(10, Duration.seconds(90)) }, /trafficShift .*whole minutes .*got 1.5 min/],
    ['a shift takes longer than 2880 minutes', { trafficShift: TrafficShift.linear(1, Duration.minutes(30)) }, /trafficShift .*at most 2880 min/],
    ['the bake window exceeds one hook invocation', { bakeTime: Duration.minutes(15) }, /bakeTime must be whole seconds from 0 to 840 .*got 900 s/],
    ['the bake window is not whole seconds', { bakeTime: Duration.millis(1500) }, /bakeTime must be whole seconds .*got 1.5 s/],
    ['the error rate is 0', { errorRateThresholdPercent: 0 }, /errorRateThresholdPercent must be a percentage above 0 and at most 100, got 0/],
    ['the error rate is over 100', { errorRateThresholdPercent: 150 }, /errorRateThresholdPercent .*got 150/],
    ['the minimum invocations is not a whole number', { minInvocationsForErrorRate: 2.5 }, /minInvocationsForErrorRate must be a whole number .*got 2.5/],
    ['the low-traffic error count is not positive', { lowTrafficErrorThreshold: 0 }, /lowTrafficErrorThreshold must be a whole number of errors of at least 1, got 0/],
    ['the low-traffic error count can never be reached', { minInvocationsForErrorRate: 5, lowTrafficErrorThreshold: 5 }, /lowTrafficErrorThreshold \(5\) must be below minInvocationsForErrorRate \(5\)/],
    ['the latency threshold is zero', { latencyThreshold: Duration.millis(0) }, /latencyThreshold must be a positive duration, got 0 ms/],
    ['the latency threshold is not below the timeout', { timeout: Duration.seconds(5), latencyThreshold: Duration.seconds(5) }, /latencyThreshold \(5000 ms\) must be below the function timeout \(5000 ms\)/],
    ['the throttles threshold is not positive', { throttlesThreshold: -1 }, /throttlesThreshold must be a whole number .*got -1/],
    ['the alarm period is not whole minutes', { alarmPeriod: Duration.seconds(30) }, /alarmPeriod must be a whole number of minutes .*got 30 s/],
    ['the evaluation periods are 0', { alarmEvaluationPeriods: 0 }, /alarmEvaluationPeriods must be a whole number of periods of at least 1, got 0/],
    ['the alarms would evaluate more than a day', { alarmPeriod: Duration.hours(1), alarmEvaluationPeriods: 25 }, /alarmEvaluationPeriods \(25\) times alarmPeriod \(3600 s\) is 90000 s/],
    ['a check has no name', { checks: [{ name: '' }] }, /checks\[0\]\.name must be 1 to 64 characters .*got ""/],
    ['a check name has bad characters', { checks: [{ name: 'a/b' }] }, /checks\[0\]\.name must be .*got "a\/b"/],
    ['two checks share a name', { checks: [{ name: 'health' }, { name: 'health', phase: CheckPhase.AFTER_TRAFFIC }] }, /checks\[1\]\.name 'health' is already used by checks\[0\]/],
    ['a payload is too large for the tags', { checks: [{ name: 'big', payload: { blob: 'x'.repeat(20_000) } }] }, /checks: the check configuration needs \d+ function tags .*at most 40/],
    ['a payload is over the Lambda invocation limit', { checks: [{ name: 'huge', payload: { blob: 'x'.repeat(6 * 1024 * 1024) } }] }, /checks\[0\]\.payload is \d+ bytes as JSON, over Lambda's 6291456-byte limit/],
    ['a status code is not HTTP', { checks: [{ name: 's', expectStatusCode: 42 }] }, /checks\[0\]\.expectStatusCode must be an HTTP status code .*got 42/],
    ['a check may run longer than the hook', { checks: [{ name: 'slow', maxDuration: Duration.minutes(20) }] }, /checks\[0\]\.maxDuration must be more than 0 and at most 870 seconds/],
    ['the aliases share a name', { liveAliasName: 'x', previewAliasName: 'x' }, /liveAliasName and previewAliasName must differ, both are "x"/],
    ['an alias name reads as a version', { liveAliasName: '42' }, /liveAliasName must be 1 to 128 characters .*got "42"/],
    ['an alias name is $LATEST', { previewAliasName: '$LATEST' }, /previewAliasName must be .*got "\$LATEST"/],
    ['provisioned concurrency is not a positive whole number', { provisionedConcurrentExecutions: 0 }, /provisionedConcurrentExecutions must be a whole number of at least 1, got 0/],
    ['provisioned concurrency is set on both the alias and the version', { provisionedConcurrentExecutions: 2, currentVersionOptions: { provisionedConcurrentExecutions: 2 } }, /provisionedConcurrentExecutions \(2\) and currentVersionOptions.provisionedConcurrentExecutions \(2\) are both set/],
    ['break-glass has no reason', { breakGlass: { reason: ' ', ignoreAlarms: true } }, /breakGlass.reason must say why/],
    ['break-glass turns nothing off', { breakGlass: { reason: 'because' } }, /breakGlass turns nothing off/],
    ['break-glass reason is too long for a tag', { breakGlass: { reason: 'r'.repeat(201), skipVerification: true } }, /breakGlass.reason must be at most 200 characters .*got 201/],
    ['memory is below Lambda\'s minimum', { memorySize: 64 }, /memorySize must be a whole number of MiB from 128 to 10240, got 64 MiB/],
    ['memory is above Lambda\'s maximum', { memorySize: 10241 }, /memorySize must be .*got 10241 MiB/],
    ['memory is not whole MiB', { memorySize: 256.5 }, /memorySize must be a whole number of MiB .*got 256.5 MiB/],
    ['the timeout is under a second', { timeout: Duration.millis(500) }, /timeout must be a whole number of s from 1 to 900, got 0.5 s.*Duration.seconds\(1\)/],
    ['the timeout is not whole seconds', { timeout: Duration.millis(1500) }, /timeout must be .*got 1.5 s/],
    ['the timeout is over 15 minutes', { timeout: Duration.minutes(16) }, /timeout must be .*from 1 to 900, got 960 s/],
    ['retryAttempts is above 2', { retryAttempts: 3 }, /retryAttempts must be a whole number of attempts from 0 to 2, got 3\. Lambda retries an asynchronous invocation at most twice/],
    ['retryAttempts is negative', { retryAttempts: -1 }, /retryAttempts must be .*got -1/],
    ['maxEventAge is under a minute', { maxEventAge: Duration.seconds(30) }, /maxEventAge must be a whole number of s from 60 to 21600, got 30 s/],
    ['maxEventAge is over 6 hours', { maxEventAge: Duration.hours(7) }, /maxEventAge must be .*got 25200 s/],
    ['maxEventAge is not whole seconds', { maxEventAge: Duration.millis(60500) }, /maxEventAge must be .*got 60.5 s/],
    ['ephemeral storage is below 512 MiB', { ephemeralStorageSize: Size.mebibytes(256) }, /ephemeralStorageSize must be a whole number of MiB from 512 to 10240, got 256 MiB/],
    ['ephemeral storage is above 10240 MiB', { ephemeralStorageSize: Size.gibibytes(11) }, /ephemeralStorageSize must be .*got 11264 MiB/],
    ['ephemeral storage is not whole MiB', { ephemeralStorageSize: Size.kibibytes(600 * 1024 + 512) }, /ephemeralStorageSize must be .*got 600.5 MiB/],
    ['provisioned concurrency is above reserved concurrency', { provisionedConcurrentExecutions: 5, reservedConcurrentExecutions: 4 },
      /provisionedConcurrentExecutions \(5\) is above reservedConcurrentExecutions \(4\).*Raise reservedConcurrentExecutions to at least 5/],
    ['provisioned concurrency on the version is above reserved concurrency', { currentVersionOptions: { provisionedConcurrentExecutions: 3 }, reservedConcurrentExecutions: 0 },
      /currentVersionOptions.provisionedConcurrentExecutions \(3\) is above reservedConcurrentExecutions \(0\)/],
  ])('fails when %s', (_name, props, message) => {
    expect(() => blueGreen(props)).toThrow(message);
  });

  test('fails when a custom pre-traffic hook replaces the hook that runs before-traffic checks', () => {
    const stack = envStack();
    const hook = new lambda.Function(stack, 'Hook', FUNCTION_PROPS);
    expect(() => blueGreen({ preTrafficHook: hook, checks: [{ name: 'health' }] }, stack)).toThrow(/preTrafficHook replaces the built-in hook .*health/);
  });

  test('fails when a custom post-traffic hook replaces the hook that would bake', () => {
    const stack = envStack();
    const hook = new lambda.Function(stack, 'Hook', FUNCTION_PROPS);
    expect(() => blueGreen({ postTrafficHook: hook, bakeTime: Duration.minutes(2) }, stack)).toThrow(/bakeTime \(120 s\) is watched by the built-in post-traffic hook/);
  });

  test('fails when skipVerification is combined with a custom hook', () => {
    const stack = envStack();
    const hook = new lambda.Function(stack, 'Hook', FUNCTION_PROPS);
    expect(() => blueGreen({ postTrafficHook: hook, breakGlass: { reason: 'r', skipVerification: true } }, stack)).toThrow(/skipVerification switches off the built-in hooks only/);
  });

  test('fails when addCheck repeats a name, and the check is not added', () => {
    const api = blueGreen({ checks: [{ name: 'health' }] });
    expect(() => api.addCheck({ name: 'health' })).toThrow(/checks\[1\]\.name 'health' is already used by checks\[0\]/);
    expect(api.invokeChecks.map((c) => c.name)).toEqual(['health']);
  });

  test('fails when a verification function reuses a check name', () => {
    const stack = envStack();
    const api = blueGreen({ checks: [{ name: 'e2e' }] }, stack);
    const verifier = new lambda.Function(stack, 'Verifier', FUNCTION_PROPS);
    expect(() => api.addVerificationFunction({ name: 'e2e', function: verifier })).toThrow(/verificationFunctions\[0\]\.name 'e2e' is already used by checks\[0\]/);
  });

  test('fails when an after-traffic check is added to a function with a custom post-traffic hook', () => {
    const stack = envStack();
    const hook = new lambda.Function(stack, 'Hook', FUNCTION_PROPS);
    const api = blueGreen({ postTrafficHook: hook }, stack);
    expect(() => api.addCheck({ name: 'late', phase: CheckPhase.AFTER_TRAFFIC })).toThrow(/postTrafficHook replaces the built-in hook that runs after-traffic checks, but these are declared: late/);
  });

  test('fails when more than 10 alarms are added, at the addAlarm that goes over', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const alarm = (i: number) => new cloudwatch.Alarm(stack, `Extra${i}`, { metric: api.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    for (let i = 0; i < 7; i++) api.addAlarm(alarm(i));
    expect(() => api.addAlarm(alarm(7))).toThrow(/addAlarm: the deployment group would watch 11 alarms \(3 built-in rollback alarms \+ 8 added\), CodeDeploy accepts at most 10 .*CompositeAlarm/);
    expect(api.rollbackAlarms).toHaveLength(10);
  });

  test('fails at synth when alarms added to the deployment group directly go over 10', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    for (let i = 0; i < 8; i++) {
      (api.deploymentGroup as codedeploy.LambdaDeploymentGroup).addAlarm(new cloudwatch.Alarm(stack, `Extra${i}`, { metric: api.metricErrors(), threshold: 1, evaluationPeriods: 1 }));
    }
    expect(() => Template.fromStack(stack)).toThrow(/\[TestStack\/Api\] deploymentGroup.addAlarm \/ addAlarm: the deployment group would watch 11 alarms/);
  });

  test('accepts 10 alarms, and tokens where a limit cannot be known at synth', () => {
    const stack = envStack();
    const token = Lazy.number({ produce: () => 4096 });
    const api = blueGreen({
      memorySize: token,
      retryAttempts: Lazy.number({ produce: () => 1 }),
      reservedConcurrentExecutions: Lazy.number({ produce: () => 1 }),
      provisionedConcurrentExecutions: 5,
    }, stack);
    for (let i = 0; i < 7; i++) api.addAlarm(new cloudwatch.Alarm(stack, `Extra${i}`, { metric: api.metricErrors(), threshold: 1, evaluationPeriods: 1 }));
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('accepts the edges of every range', () => {
    expect(() => blueGreen({
      bakeTime: Duration.seconds(840),
      errorRateThresholdPercent: 100,
      minInvocationsForErrorRate: 2,
      lowTrafficErrorThreshold: 1,
      latencyThreshold: Duration.millis(2999),
      alarmPeriod: Duration.hours(1),
      alarmEvaluationPeriods: 24,
      trafficShift: TrafficShift.linear(1, Duration.minutes(29)),
    })).not.toThrow();
    expect(() => blueGreen({
      memorySize: 128,
      timeout: Duration.seconds(1),
      latencyThreshold: Duration.millis(500),
      retryAttempts: 0,
      maxEventAge: Duration.seconds(60),
      ephemeralStorageSize: Size.mebibytes(512),
    })).not.toThrow();
    expect(() => blueGreen({
      memorySize: 10240,
      timeout: Duration.seconds(900),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      ephemeralStorageSize: Size.mebibytes(10240),
    })).not.toThrow();
    expect(() => blueGreen({ provisionedConcurrentExecutions: 4, reservedConcurrentExecutions: 4 })).not.toThrow();
  });
});
