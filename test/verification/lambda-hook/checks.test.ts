import { createLogger } from '../../../src/verification/common/handler/log';
import { judgeAlarms } from '../../../src/verification/lambda-hook/handler/bake';
import { clientContextFor } from '../../../src/verification/lambda-hook/handler/checks';

describe('clientContextFor', () => {
  test('is base64 JSON with the marker under custom', () => {
    const decoded = JSON.parse(Buffer.from(clientContextFor('d-1', 'AfterAllowTraffic', 'get order'), 'base64').toString('utf8'));
    expect(decoded).toEqual({ custom: { 'cdk-safe-deploy': { verification: true, deploymentId: 'd-1', phase: 'AfterAllowTraffic', check: 'get order' } } });
  });

  test('stays within Lambda\'s 3583-byte client context limit for the longest check name', () => {
    expect(clientContextFor('d-ABCDEFGHI', 'BeforeAllowTraffic', 'n'.repeat(64)).length).toBeLessThan(3583);
  });
});

describe('judgeAlarms', () => {
  const lines: string[] = [];
  const log = createLogger({}, (l) => lines.push(l));
  const watch = { names: ['a', 'b'], enabled: true, ignorePollAlarmFailure: false };
  beforeEach(() => {
    lines.length = 0;
  });

  test('passes when no alarm is in ALARM (no data is not ALARM)', () => {
    expect(judgeAlarms(watch, new Map([['a', { state: 'OK' }], ['b', { state: 'INSUFFICIENT_DATA' }]]), log)).toEqual({ passed: true });
  });

  test('fails on an alarm in ALARM, naming it and its reason', () => {
    expect(judgeAlarms(watch, new Map([['a', { state: 'OK' }], ['b', { state: 'ALARM', reason: 'errors > 5' }]]), log)).toEqual({
      passed: false, reason: 'rollback alarm in ALARM during the bake window: b (errors > 5)',
    });
  });

  test('fails on a missing alarm unless poll failures are ignored', () => {
    const states = new Map([['a', { state: 'OK' }]]);
    expect(judgeAlarms(watch, states, log)).toEqual({ passed: false, reason: 'rollback alarms not found: b' });
    expect(judgeAlarms({ ...watch, ignorePollAlarmFailure: true }, states, log)).toEqual({ passed: true });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'WARN', alarms: ['b'] });
  });
});
