import { ECS_HOOK_STAGES } from '../../../../src/verification/ecs-hook/config';
import { EcsHookInvocation } from '../../../../src/verification/ecs-hook/handler/event';
import { classifyInvocation, VERIFY_STAGE } from '../../../../src/verification/ecs-hook/handler/stages';

const GREEN = 'rev/green';
const BLUE = 'rev/blue';

function invocation(
  lifecycleStage: string,
  productionTrafficWeights: Record<string, number> = {},
  testTrafficWeights: Record<string, number> = {},
): EcsHookInvocation {
  return { lifecycleStage, serviceArn: 'svc', targetServiceRevisionArn: GREEN, productionTrafficWeights, testTrafficWeights, hookDetails: {} };
}

describe('classifyInvocation', () => {
  test('verifies at the stage the construct registers', () => {
    expect(ECS_HOOK_STAGES).toEqual([VERIFY_STAGE]);
    expect(classifyInvocation(invocation('POST_TEST_TRAFFIC_SHIFT'))).toEqual({ kind: 'verify', stage: 'POST_TEST_TRAFFIC_SHIFT' });
  });

  test('verifies after production traffic too (the handler skips it when no after-traffic checks are declared)', () => {
    expect(classifyInvocation(invocation('POST_PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 100, [BLUE]: 0 }))).toEqual({ kind: 'verify', stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' });
  });

  test('production weights moving back to the previous revision are a rollback', () => {
    expect(classifyInvocation(invocation('PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 0, [BLUE]: 100 })))
      .toEqual({ kind: 'rollback', reason: expect.stringMatching(/^productionTrafficWeights give the target revision 0%/) });
  });

  test('test weights moving back at TEST_TRAFFIC_SHIFT are a rollback', () => {
    expect(classifyInvocation(invocation('TEST_TRAFFIC_SHIFT', {}, { [GREEN]: 0, [BLUE]: 100 })).kind).toBe('rollback');
  });

  test('forward traffic shifts are not rollbacks', () => {
    expect(classifyInvocation(invocation('PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 100, [BLUE]: 0 })).kind).toBe('skip');
    expect(classifyInvocation(invocation('PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 10, [BLUE]: 90 })).kind).toBe('skip');
    expect(classifyInvocation(invocation('TEST_TRAFFIC_SHIFT', {}, { [GREEN]: 100, [BLUE]: 0 })).kind).toBe('skip');
  });

  test('weights that do not name the target, or give nobody traffic, are not rollbacks', () => {
    expect(classifyInvocation(invocation('PRODUCTION_TRAFFIC_SHIFT', { [BLUE]: 100 })).kind).toBe('skip');
    expect(classifyInvocation(invocation('PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 0, [BLUE]: 0 })).kind).toBe('skip');
  });

  test('PRE_PRODUCTION_TRAFFIC_SHIFT looks like a rollback by weights but is a forward stage: skipped, not verified', () => {
    expect(classifyInvocation(invocation('PRE_PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 0, [BLUE]: 100 })))
      .toEqual({ kind: 'skip', reason: 'the hook verifies at POST_TEST_TRAFFIC_SHIFT and POST_PRODUCTION_TRAFFIC_SHIFT only, invoked at PRE_PRODUCTION_TRAFFIC_SHIFT' });
  });
});
