import { atPath, transform } from './event-matcher';
import { ALARM_ALARM_TO_OK, ALARM_OK_TO_ALARM, CODEDEPLOY_SUCCESS, codeDeployIn, ECS_COMPLETED, ECS_FAILED, ECS_IN_PROGRESS, ECS_ROLLBACK } from './sample-events';
import {
  alarmStateChanged, codeDeployFailed, codeDeployStarted, codeDeployStopped, codeDeploySucceeded, ecsCompleted, ecsFailed, ecsRollingBack, ecsStarted,
  chatInputTemplate, inputTemplate, NotificationMessage, placeholders, safeLabel, validateLabel,
} from '../../src/notifications/messages';

const LABEL = 'BlueGreenLambda Stack/Api';
const render = (m: NotificationMessage, event: unknown) => transform(m.paths, inputTemplate(m), event) as string;

/** Each message with the documented sample event its rule matches. */
const CASES: Array<[string, NotificationMessage, unknown]> = [
  ['CodeDeploy started', codeDeployStarted(LABEL), codeDeployIn('START')],
  ['CodeDeploy succeeded', codeDeploySucceeded(LABEL), CODEDEPLOY_SUCCESS],
  ['CodeDeploy failed', codeDeployFailed(LABEL), codeDeployIn('FAILURE')],
  ['CodeDeploy stopped', codeDeployStopped(LABEL), codeDeployIn('STOP')],
  ['ECS started', ecsStarted(LABEL), ECS_IN_PROGRESS],
  ['ECS rollback', ecsRollingBack(LABEL), ECS_ROLLBACK],
  ['ECS completed', ecsCompleted(LABEL), ECS_COMPLETED],
  ['ECS failed', ecsFailed(LABEL), ECS_FAILED],
  ['alarm into ALARM', alarmStateChanged(LABEL), ALARM_OK_TO_ALARM],
  ['alarm back to OK', alarmStateChanged(LABEL), ALARM_ALARM_TO_OK],
];

test.each(CASES)('%s: every placeholder has a path, and every path is a string in the documented event', (_, message, event) => {
  expect(placeholders(message.template).sort()).toEqual(Object.keys(message.paths).sort());
  for (const name of placeholders(message.title)) expect(Object.keys(message.paths)).toContain(name);
  for (const path of Object.values(message.paths)) expect(typeof atPath(event, path)).toBe('string');
});

test.each(CASES)('%s, for chat: the custom-notification schema, with the title and the text filled in', (_, message, event) => {
  expect(transform(message.paths, chatInputTemplate(message), event)).toEqual({
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title: transform(message.paths, JSON.stringify(message.title), event), description: render(message, event) },
  });
});

test('chat titles are one short headline', () => {
  expect(transform(codeDeployFailed(LABEL).paths, chatInputTemplate(codeDeployFailed(LABEL)), codeDeployIn('FAILURE'))).toMatchObject({
    content: { title: '[BlueGreenLambda Stack/Api] CodeDeploy deployment d-123456789 FAILED' },
  });
  expect(transform(ecsRollingBack(LABEL).paths, chatInputTemplate(ecsRollingBack(LABEL)), ECS_ROLLBACK)).toMatchObject({
    content: { title: '[BlueGreenLambda Stack/Api] ECS deployment ecs-svc/123 ROLLBACK' },
  });
  expect(transform(alarmStateChanged(LABEL).paths, chatInputTemplate(alarmStateChanged(LABEL)), ALARM_OK_TO_ALARM)).toMatchObject({
    content: { title: '[BlueGreenLambda Stack/Api] Rollback alarm ServerCpuTooHigh is now ALARM' },
  });
});

test('CodeDeploy messages name the deployment, state, application, group, region and account', () => {
  expect(render(codeDeployFailed(LABEL), codeDeployIn('FAILURE'))).toBe(
    '[BlueGreenLambda Stack/Api] CodeDeploy deployment d-123456789 FAILED (the CodeDeploy console shows the lifecycle event that failed). '
    + 'Automatic rollback is on: CodeDeploy moves the live alias back to the previous version. '
    + 'Application myApplication, deployment group myDeploymentGroup, region us-east-1, account 123456789012, at 2016-06-30T22:06:31Z.');
  expect(render(codeDeploySucceeded(LABEL), CODEDEPLOY_SUCCESS)).toMatch(/^\[BlueGreenLambda Stack\/Api\] CodeDeploy deployment d-123456789 SUCCEEDED/);
  expect(render(codeDeployStopped(LABEL), codeDeployIn('STOP'))).toMatch(/d-123456789 STOPPED \(a rollback alarm went into ALARM, or someone stopped it\)/);
  expect(render(codeDeployStarted(LABEL), codeDeployIn('START'))).toMatch(/d-123456789 STARTED: .*trigger cdk-safe-deploy-rollback tells them apart/);
});

test('ECS messages say rollback apart from a new deployment, and carry ECS\'s reason', () => {
  expect(render(ecsRollingBack(LABEL), ECS_ROLLBACK)).toBe(
    '[BlueGreenLambda Stack/Api] ECS deployment ecs-svc/123 is a ROLLBACK: ECS returns the service to its last completed deployment. '
    + 'ECS says: ECS deployment circuit breaker: rolling back to deploymentId deploymentID. '
    + 'Service arn:aws:ecs:us-west-2:111122223333:service/default/servicetest, at 2020-05-23T11:11:11Z.');
  expect(render(ecsStarted(LABEL), ECS_IN_PROGRESS)).toMatch(/ecs-svc\/123 STARTED\. ECS says: ECS deployment deploymentId in progress\./);
  expect(render(ecsFailed(LABEL), ECS_FAILED)).toMatch(/ecs-svc\/123 FAILED\. .*ECS says: ECS deployment circuit breaker: task failed to start\./);
  expect(render(ecsCompleted(LABEL), ECS_COMPLETED)).toMatch(/ecs-svc\/123 COMPLETED/);
});

test('the alarm message names the alarm, both states, the time and the reason', () => {
  expect(render(alarmStateChanged(LABEL), ALARM_OK_TO_ALARM)).toBe(
    '[BlueGreenLambda Stack/Api] Rollback alarm ServerCpuTooHigh is now ALARM (was OK) at 2019-10-02T17:04:40.989+0000: '
    + 'Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) '
    + '(minimum 1 datapoint for OK -> ALARM transition). In ALARM during a deployment, it rolls the deployment back. '
    + 'Alarm: arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh.');
  expect(render(alarmStateChanged(LABEL), ALARM_ALARM_TO_OK)).toMatch(/ServerCpuTooHigh is now OK \(was ALARM\)/);
});

test('the input template is the text as one JSON string', () => {
  const m = ecsStarted(LABEL);
  expect(JSON.parse(inputTemplate(m))).toBe(m.template);
  expect(inputTemplate(m).startsWith('"[BlueGreenLambda Stack/Api] ')).toBe(true);
});

describe('labels', () => {
  test.each(['', '  ', 'a<b', 'a>b', 'say "hi"', 'back\\slash', 'two\nlines'])('fails when the label is %j', (label) => {
    expect(() => validateLabel(label, 'label')).toThrow(/label must be non-empty text without <, >, quotes, backslashes or line breaks/);
  });

  test('a construct path is made safe', () => {
    expect(safeLabel('Stack/My "Api" <v2>')).toBe('Stack/My _Api_ _v2_');
    expect(() => validateLabel(safeLabel('Stack/My "Api" <v2>'), 'label')).not.toThrow();
  });
});
