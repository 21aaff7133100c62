import { matches } from './event-matcher';
import {
  ALARM_ALARM_TO_OK, ALARM_INSUFFICIENT_TO_OK, ALARM_OK_TO_ALARM, ALARM_SAMPLE_ARN, CODEDEPLOY_SUCCESS, codeDeployIn,
  ECS_COMPLETED, ECS_FAILED, ECS_IN_PROGRESS, ECS_ROLLBACK, ECS_SAMPLE_SERVICE, ofService,
} from './sample-events';
import {
  alarmStateChangePattern, codeDeployDeploymentPattern, CodeDeployState, EcsDeploymentEvent, ecsDeploymentPattern, RollbackFilter,
} from '../../src/notifications/event-patterns';

describe('CodeDeploy deployment patterns', () => {
  test('are exact: source, detail type, application, deployment group and one state', () => {
    expect(codeDeployDeploymentPattern('app', 'group', CodeDeployState.FAILURE)).toEqual({
      'source': ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      'detail': { application: ['app'], deploymentGroup: ['group'], state: ['FAILURE'] },
    });
  });

  test('the documented sample matches the pattern of its state, group and application only', () => {
    const pattern = (state: CodeDeployState, group = 'myDeploymentGroup', app = 'myApplication') => codeDeployDeploymentPattern(app, group, state);
    expect(matches(pattern(CodeDeployState.SUCCESS), CODEDEPLOY_SUCCESS)).toBe(true);
    expect(matches(pattern(CodeDeployState.FAILURE), CODEDEPLOY_SUCCESS)).toBe(false);
    expect(matches(pattern(CodeDeployState.SUCCESS, 'otherGroup'), CODEDEPLOY_SUCCESS)).toBe(false);
    expect(matches(pattern(CodeDeployState.SUCCESS, 'myDeploymentGroup', 'otherApplication'), CODEDEPLOY_SUCCESS)).toBe(false);
  });

  test.each([CodeDeployState.START, CodeDeployState.FAILURE, CodeDeployState.STOP])('a %s event matches its rule and no other', (state) => {
    const event = codeDeployIn(state);
    const matched = Object.values(CodeDeployState).filter((s) => matches(codeDeployDeploymentPattern('myApplication', 'myDeploymentGroup', s), event));
    expect(matched).toEqual([state]);
  });

  test('READY (blue/green EC2 replacement instances) matches no rule', () => {
    const event = codeDeployIn('READY');
    expect(Object.values(CodeDeployState).some((s) => matches(codeDeployDeploymentPattern('myApplication', 'myDeploymentGroup', s), event))).toBe(false);
  });

  test('an event of the same group name in another application does not match', () => {
    const event = codeDeployIn('FAILURE', { application: 'otherApplication' });
    expect(matches(codeDeployDeploymentPattern('myApplication', 'myDeploymentGroup', CodeDeployState.FAILURE), event)).toBe(false);
  });
});

describe('ECS deployment patterns', () => {
  const rules = {
    started: ecsDeploymentPattern(ECS_SAMPLE_SERVICE, EcsDeploymentEvent.IN_PROGRESS, RollbackFilter.NOT_ROLLBACK),
    rollback: ecsDeploymentPattern(ECS_SAMPLE_SERVICE, EcsDeploymentEvent.IN_PROGRESS, RollbackFilter.ONLY_ROLLBACK),
    completed: ecsDeploymentPattern(ECS_SAMPLE_SERVICE, EcsDeploymentEvent.COMPLETED),
    failed: ecsDeploymentPattern(ECS_SAMPLE_SERVICE, EcsDeploymentEvent.FAILED),
  };
  const matching = (event: unknown) => Object.entries(rules).filter(([, p]) => matches(p, event)).map(([name]) => name);

  test('are exact: the service ARN as the resource, the event name, and the rollback reason prefix', () => {
    expect(rules.rollback).toEqual({
      'source': ['aws.ecs'],
      'detail-type': ['ECS Deployment State Change'],
      'resources': [ECS_SAMPLE_SERVICE],
      'detail': { eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'], reason: [{ prefix: 'ECS deployment circuit breaker: rolling back' }] },
    });
    expect(rules.started.detail).toEqual({
      eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'],
      reason: [{ 'anything-but': { prefix: 'ECS deployment circuit breaker: rolling back' } }],
    });
    expect(rules.completed.detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_COMPLETED'] });
    expect(rules.failed.detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_FAILED'] });
  });

  test('each documented sample matches exactly one rule: an initial deployment is "started", a rollback is "rollback"', () => {
    expect(matching(ECS_IN_PROGRESS)).toEqual(['started']);
    expect(matching(ECS_ROLLBACK)).toEqual(['rollback']);
    expect(matching(ECS_COMPLETED)).toEqual(['completed']);
    expect(matching(ECS_FAILED)).toEqual(['failed']);
  });

  test('events of another service match no rule', () => {
    const other = 'arn:aws:ecs:us-west-2:111122223333:service/default/othertest';
    for (const event of [ECS_IN_PROGRESS, ECS_ROLLBACK, ECS_COMPLETED, ECS_FAILED]) {
      expect(matching(ofService(event, other))).toEqual([]);
    }
  });
});

describe('rollback alarm state-change pattern', () => {
  const pattern = alarmStateChangePattern([ALARM_SAMPLE_ARN]);

  test('is exact: the alarms as resources, into ALARM, or from ALARM to OK', () => {
    expect(pattern).toEqual({
      'source': ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      'resources': [ALARM_SAMPLE_ARN],
      'detail': {
        $or: [
          { state: { value: ['ALARM'] } },
          { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } },
        ],
      },
    });
  });

  test('matches OK -> ALARM and ALARM -> OK, not the INSUFFICIENT_DATA -> OK of a fresh alarm', () => {
    expect(matches(pattern, ALARM_OK_TO_ALARM)).toBe(true);
    expect(matches(pattern, ALARM_ALARM_TO_OK)).toBe(true);
    expect(matches(pattern, ALARM_INSUFFICIENT_TO_OK)).toBe(false);
  });

  test('does not match the state changes of another alarm', () => {
    expect(matches(alarmStateChangePattern(['arn:aws:cloudwatch:us-east-1:123456789012:alarm:Other']), ALARM_OK_TO_ALARM)).toBe(false);
  });
});

describe('the test matcher itself', () => {
  test('refuses matchers it does not implement, so no pattern passes by accident', () => {
    expect(() => matches({ detail: { n: [{ numeric: ['>', 0] }] } }, { detail: { n: 1 } })).toThrow(/unsupported matcher/);
  });

  test('a field missing from the event matches neither a value nor anything-but', () => {
    expect(matches({ detail: { reason: [{ 'anything-but': { prefix: 'x' } }] } }, { detail: {} })).toBe(false);
    expect(matches({ detail: { reason: ['x'] } }, { detail: {} })).toBe(false);
  });
});
