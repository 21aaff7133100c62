import type { EcsHookConfig } from '../../../../src/verification/ecs-hook/contract';
import { decideLocation } from '../../../../src/verification/ecs-hook/handler/locate';

const config = { targetGroupArns: ['blue', 'green'] } as unknown as EcsHookConfig;
const revision = (resolved: string[]) => ({ clusterArn: 'cluster', resolvedTargetGroupArns: resolved, requestedTargetGroupArns: ['blue'] });
const later = { sourceRevisionArns: ['rev/1'] };
const creation = { sourceRevisionArns: [] };
const before = 'POST_TEST_TRAFFIC_SHIFT';
const after = 'POST_PRODUCTION_TRAFFIC_SHIFT';

describe('decideLocation', () => {
  test('the resolved configuration names the target group', () => {
    expect(decideLocation({ config, stage: before, revision: revision(['green']), deployment: later, production: { blue: 100, green: 0 } }))
      .toEqual({ targetGroupArn: 'green', firstDeployment: false, clusterArn: 'cluster', source: 'resolvedConfiguration' });
  });

  test('service creation: the first revision behind the target group production forwards to', () => {
    expect(decideLocation({ config, stage: before, revision: revision(['blue']), deployment: creation, production: { blue: 100, green: 0 } }))
      .toMatchObject({ targetGroupArn: 'blue', firstDeployment: true });
  });

  test('target groups of other services in the resolved configuration are ignored', () => {
    expect(decideLocation({ config, stage: before, revision: revision(['other', 'blue']), deployment: later, production: { green: 100 } }).targetGroupArn).toBe('blue');
  });

  test('without a resolved target group: the idle one on a later deployment, the live one on creation and after traffic', () => {
    const rule = { blue: 100, green: 0 };
    expect(decideLocation({ config, stage: before, revision: revision([]), deployment: later, production: rule })).toMatchObject({ targetGroupArn: 'green', source: 'listenerRule' });
    expect(decideLocation({ config, stage: before, revision: revision([]), deployment: creation, production: rule }).targetGroupArn).toBe('blue');
    expect(decideLocation({ config, stage: after, revision: revision([]), deployment: later, production: rule }).targetGroupArn).toBe('blue');
  });

  test('fails closed when the new revision would be the one in production before the shift', () => {
    expect(() => decideLocation({ config, stage: before, revision: revision(['blue']), deployment: later, production: { blue: 100, green: 0 } }))
      .toThrow(/already carries production traffic .* rev\/1: verifying it would verify the revision in production/);
  });

  test('fails closed when production has not reached the new revision after the shift', () => {
    expect(() => decideLocation({ config, stage: after, revision: revision(['green']), deployment: later, production: { blue: 100, green: 0 } }))
      .toThrow(/production traffic has not reached the new revision's target group green/);
  });

  test('fails closed when the resolved configuration names both target groups, or the test rule disagrees', () => {
    expect(() => decideLocation({ config, stage: before, revision: revision(['blue', 'green']), deployment: later, production: {} })).toThrow(/names both target groups/);
    expect(() => decideLocation({ config, stage: before, revision: revision(['green']), deployment: later, production: { blue: 100 }, test: { blue: 100 } }))
      .toThrow(/test rule does not forward to green/);
  });
});
