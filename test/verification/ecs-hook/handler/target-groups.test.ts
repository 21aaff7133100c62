import { AmbiguousTargetGroups, forwardWeights, identifyTargetGroups } from '../../../../src/verification/ecs-hook/handler/target-groups';

describe('forwardWeights', () => {
  test('reads weighted forward actions and ignores other action types', () => {
    expect(forwardWeights([
      { Type: 'authenticate-oidc' },
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'blue', Weight: 100 }, { TargetGroupArn: 'green', Weight: 0 }] } },
    ])).toEqual({ blue: 100, green: 0 });
  });

  test('a plain forward to one target group, or a missing weight, counts as carrying traffic', () => {
    expect(forwardWeights([{ Type: 'forward', TargetGroupArn: 'blue' }])).toEqual({ blue: 1 });
    expect(forwardWeights([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'green' }] } }])).toEqual({ green: 1 });
  });

  test('a redirect or fixed response forwards nowhere', () => {
    expect(forwardWeights([{ Type: 'redirect' }, { Type: 'fixed-response' }])).toEqual({});
  });
});

describe('identifyTargetGroups', () => {
  test('the target group without production weight holds the new revision', () => {
    expect(identifyTargetGroups(['blue', 'green'], { blue: 100, green: 0 })).toEqual({ newTargetGroupArn: 'green', liveTargetGroupArn: 'blue' });
    expect(identifyTargetGroups(['blue', 'green'], { green: 100 })).toEqual({ newTargetGroupArn: 'blue', liveTargetGroupArn: 'green' });
  });

  test('a test rule forwarding to it confirms it', () => {
    expect(identifyTargetGroups(['blue', 'green'], { blue: 100, green: 0 }, { green: 100 }).newTargetGroupArn).toBe('green');
  });

  test('fails when the test rule forwards elsewhere', () => {
    expect(() => identifyTargetGroups(['blue', 'green'], { blue: 100, green: 0 }, { blue: 100, green: 0 }))
      .toThrow(/the test rule does not forward to green/);
  });

  test('fails when both target groups carry production traffic', () => {
    expect(() => identifyTargetGroups(['blue', 'green'], { blue: 50, green: 50 })).toThrow(AmbiguousTargetGroups);
    expect(() => identifyTargetGroups(['blue', 'green'], { blue: 50, green: 50 })).toThrow(/both target groups already carry production traffic/);
  });

  test('fails when the production rule forwards to neither', () => {
    expect(() => identifyTargetGroups(['blue', 'green'], { other: 100 })).toThrow(/forwards to neither of the service's target groups \(blue, green\)/);
  });
});
