import { hookDeadlines } from '../../../src/verification/lambda-hook/handler/hook';

describe('hookDeadlines', () => {
  test('keeps the report margin before a full timeout', () => {
    const now = Date.now();
    const { work, report } = hookDeadlines(900_000);
    expect(work.at - now).toBeGreaterThanOrEqual(880_000 - 50);
    expect(work.at - now).toBeLessThanOrEqual(880_000 + 50);
    expect(report.at - now).toBeGreaterThanOrEqual(898_000 - 50);
    expect(report.at - now).toBeLessThanOrEqual(898_000 + 50);
  });

  test('keeps at most a quarter of a short remaining time', () => {
    const now = Date.now();
    const { work, report } = hookDeadlines(2000);
    expect(work.at - now).toBeGreaterThanOrEqual(1450);
    expect(work.at - now).toBeLessThanOrEqual(1550);
    expect(report.at).toBeGreaterThan(work.at);
    expect(report.at - now).toBeLessThan(2000);
  });
});
