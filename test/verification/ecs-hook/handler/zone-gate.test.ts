import { evaluateZoneGate, Target } from '../../../../src/verification/ecs-hook/handler/zone-gate';

const ZONES = ['a', 'b', 'c'];
const t = (zone: string | undefined, state: string, ip = `10.0.0.${zone?.charCodeAt(0) ?? 9}`): Target => ({ ip, port: 80, zone, state });
const base = { zones: ZONES, firstSeenAt: 1_000_000, now: 1_000_000, budgetSeconds: 600 };

describe('evaluateZoneGate', () => {
  test('opens when every zone has a healthy target, probing every healthy target', () => {
    const targets = [t('a', 'healthy'), t('b', 'healthy'), t('b', 'initial', '10.0.1.1'), t('c', 'healthy'), t('d', 'healthy')];
    const gate = evaluateZoneGate({ ...base, targets });
    expect(gate).toMatchObject({ status: 'open', healthyByZone: { a: 1, b: 1, c: 1 }, missingZones: [], secondsLeft: 600 });
    expect(gate.healthy.map((x) => x.zone)).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.reason).toBeUndefined();
  });

  test('waits while a zone has only initial targets, saying which', () => {
    const gate = evaluateZoneGate({ ...base, now: base.now + 100_000, targets: [t('a', 'healthy'), t('b', 'healthy'), t('c', 'initial')] });
    expect(gate).toMatchObject({ status: 'wait', missingZones: ['c'], secondsLeft: 500 });
    expect(gate.reason).toBe('waiting for a healthy target in c (c: 10.0.0.99:80 initial); 500 s left');
  });

  test('closes once the budget is spent (fail closed)', () => {
    const gate = evaluateZoneGate({ ...base, now: base.now + 600_000, targets: [t('a', 'healthy')] });
    expect(gate).toMatchObject({ status: 'closed', missingZones: ['b', 'c'], secondsLeft: 0 });
    expect(gate.reason).toBe('no healthy target of the new revision in b, c after 600 s (b: no target; c: no target)');
  });

  test('a target without a zone counts for no zone', () => {
    const gate = evaluateZoneGate({ ...base, zones: ['a'], targets: [t(undefined, 'healthy')] });
    expect(gate).toMatchObject({ status: 'wait', missingZones: ['a'] });
    expect(gate.healthy).toHaveLength(1);
  });

  test('no targets at all waits, then closes', () => {
    expect(evaluateZoneGate({ ...base, targets: [] }).status).toBe('wait');
    expect(evaluateZoneGate({ ...base, now: base.now + 601_000, targets: [] }).status).toBe('closed');
  });
});
