import { judgeResponse, MAX_BODY_BYTES, probe } from '../../../../src/verification/ecs-hook/handler/http-probe';
import { HttpCheckSpec } from '../../../../src/verification/http-check-spec';
import { FakeTask } from '../../../support/fake-task';

const check: HttpCheckSpec = { name: 'health', path: '/health', method: 'GET', headers: {}, expectStatus: 200, bodyContains: 'ok', maxLatencyMs: 1000 };

describe('judgeResponse', () => {
  test('passes a matching response', () => {
    expect(judgeResponse(check, 200, '{"status":"ok"}', 10)).toBeUndefined();
  });

  test('names the first thing that is wrong', () => {
    expect(judgeResponse(check, 500, 'ok', 10)).toBe('status 500, expected 200');
    expect(judgeResponse(check, 200, 'nope', 10)).toBe('body does not contain "ok"');
    expect(judgeResponse(check, 200, 'ok', 1001)).toBe('took 1001 ms, more than the 1000 ms allowed');
  });

  test('does not inspect the body without bodyContains', () => {
    expect(judgeResponse({ ...check, bodyContains: undefined }, 200, '', 10)).toBeUndefined();
  });
});

describe('probe', () => {
  let task: FakeTask;
  beforeAll(async () => {
    task = await FakeTask.start();
  });
  afterAll(() => task.close());
  beforeEach(() => {
    task.requests.length = 0;
  });

  test('sends the request and judges the answer', async () => {
    task.behaviour = { status: 200, body: 'all ok' };
    const result = await probe({ ip: '127.0.0.1', port: task.port, protocol: 'HTTP' }, { ...check, method: 'DELETE', headers: { 'x-a': 'b' } }, 1000);
    expect(result).toEqual({ passed: true, status: 200, latencyMs: expect.any(Number), reason: undefined });
    expect(task.requests).toEqual([expect.objectContaining({ method: 'DELETE', path: '/health', headers: expect.objectContaining({ 'x-a': 'b' }) })]);
  });

  test('keeps at most 1 MiB of body for bodyContains', async () => {
    task.behaviour = { status: 200, body: 'x'.repeat(MAX_BODY_BYTES + 10) + 'ok' };
    const result = await probe({ ip: '127.0.0.1', port: task.port, protocol: 'HTTP' }, check, 2000);
    expect(result).toMatchObject({ passed: false, reason: 'body does not contain "ok"' });
  });

  test('abandons a hanging target at the timeout', async () => {
    task.behaviour = { hang: true };
    const started = Date.now();
    const result = await probe({ ip: '127.0.0.1', port: task.port, protocol: 'HTTP' }, check, 200);
    expect(result).toMatchObject({ passed: false, reason: 'no complete response within 200 ms' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('reports a refused connection', async () => {
    const closed = await FakeTask.start();
    const port = closed.port;
    await closed.close();
    const result = await probe({ ip: '127.0.0.1', port, protocol: 'HTTP' }, check, 1000);
    expect(result).toMatchObject({ passed: false, reason: 'request failed: ECONNREFUSED' });
  });

  test('reports an HTTPS handshake with a plain-HTTP target as a failure', async () => {
    task.behaviour = { status: 200, body: 'ok' };
    const result = await probe({ ip: '127.0.0.1', port: task.port, protocol: 'HTTPS' }, check, 1000);
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/^request failed: /);
  });
});
