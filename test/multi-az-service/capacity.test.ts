import { capacityTable, planCapacity, staticallyStableTasks } from '../../src/multi-az-service/capacity';

const ZONES = [2, 3, 4, 5, 6];
const BASELINES = Array.from({ length: 60 }, (_, i) => i + 1);

describe('staticallyStableTasks', () => {
  test.each(ZONES)('with %i zones, losing any one zone leaves at least the baseline, for baselines 1..60', (zones) => {
    for (const baseline of BASELINES) {
      const tasks = staticallyStableTasks(baseline, zones);
      expect(tasks % zones).toBe(0);
      const perZone = tasks / zones;
      // Remove each zone in turn: the others keep their equal share.
      for (let lost = 0; lost < zones; lost++) {
        const remaining = Array.from({ length: zones }, (_, z) => (z === lost ? 0 : perZone)).reduce((a, b) => a + b, 0);
        expect(remaining).toBeGreaterThanOrEqual(baseline);
      }
    }
  });

  test.each(ZONES)('with %i zones it is the smallest such multiple of the zone count', (zones) => {
    for (const baseline of BASELINES) {
      const tasks = staticallyStableTasks(baseline, zones);
      const smaller = tasks - zones;
      expect(smaller - smaller / zones).toBeLessThan(baseline);
    }
  });

  test.each([
    [2, 1, 2], [2, 2, 4], [2, 3, 6],
    [3, 1, 3], [3, 2, 3], [3, 3, 6], [3, 4, 6], [3, 5, 9],
    [4, 3, 4], [4, 4, 8], [5, 4, 5], [5, 5, 10], [6, 5, 6], [6, 6, 12], [6, 10, 12],
  ])('%i zones, baseline %i -> %i tasks', (zones, baseline, expected) => {
    expect(staticallyStableTasks(baseline, zones)).toBe(expected);
  });
});

describe('planCapacity', () => {
  test('describes the plan for 3 zones and a baseline of 4', () => {
    expect(planCapacity(3, 4)).toEqual({
      zones: 3, baselineTasks: 4, minimumTasks: 6, tasksPerZone: 2, tasksAfterZoneLoss: 4, maximumTasks: 18,
    });
  });

  test('keeps an explicit maximum equal to the minimum', () => {
    expect(planCapacity(2, 2, 4).maximumTasks).toBe(4);
  });

  test('fails when zones is below 2', () => {
    expect(() => planCapacity(1, 2)).toThrow(/zones must be a whole number of at least 2.*got 1/);
  });

  test('fails when the baseline is below 1', () => {
    expect(() => planCapacity(3, 0)).toThrow(/baselineTasks must be a whole number of at least 1.*got 0/);
  });

  test('fails when the baseline is not whole', () => {
    expect(() => planCapacity(3, 2.5)).toThrow(/baselineTasks .* got 2.5/);
  });

  test('fails when the maximum is below the computed minimum', () => {
    expect(() => planCapacity(3, 4, 5)).toThrow(/maxTasks must be a whole number of at least 6.*got 5.*Raise maxTasks to 6/);
  });
});

describe('capacityTable', () => {
  test('has one row per baseline and one column per zone count', () => {
    const table = capacityTable([2, 3], [1, 2]).split('\n');
    expect(table).toEqual([
      '| baseline tasks | 2 zones | 3 zones |',
      '|---:|---:|---:|',
      '| 1 | 2 (1) | 3 (2) |',
      '| 2 | 4 (2) | 3 (2) |',
    ]);
  });
});
