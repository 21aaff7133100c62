import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { HttpCheck } from '../../src/verification/http-check';
import { resolveHttpCheck, validateHttpChecks } from '../../src/verification/http-check-spec';

const ok: HttpCheck = { name: 'health', path: '/health' };

function check(overrides: Partial<HttpCheck>): HttpCheck[] {
  return [{ ...ok, ...overrides }];
}

describe('validateHttpChecks', () => {
  test('accepts complete checks and an empty list', () => {
    expect(() => validateHttpChecks([], 'checks')).not.toThrow();
    expect(() => validateHttpChecks([
      ok,
      {
        name: 'create order',
        path: '/orders?dryRun=true',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Check': 'deploy' },
        body: '{"sku":"A1"}',
        expectStatus: 201,
        bodyContains: 'orderId',
        maxLatency: Duration.millis(1500),
      },
    ], 'checks')).not.toThrow();
  });

  test('does not inspect unresolved tokens', () => {
    const token = Lazy.string({ produce: () => 'no-slash' });
    expect(Token.isUnresolved(token)).toBe(true);
    expect(() => validateHttpChecks(check({ path: token, name: token, method: token }), 'checks')).not.toThrow();
  });

  test('fails when a path does not start with /', () => {
    expect(() => validateHttpChecks(check({ path: 'health' }), 'checks'))
      .toThrow(/checks\[0\]\.path: a path starts with '\/', got "health"\. Use '\/health'/);
  });

  test('fails when a path contains a space or a fragment', () => {
    expect(() => validateHttpChecks(check({ path: '/a b' }), 'checks')).toThrow(/checks\[0\]\.path: .*Percent-encode/);
    expect(() => validateHttpChecks(check({ path: '/a#b' }), 'checks')).toThrow(/checks\[0\]\.path: .*'#'/);
  });

  test('fails when the expected status is outside 100-599', () => {
    expect(() => validateHttpChecks(check({ expectStatus: 99 }), 'checks')).toThrow(/checks\[0\]\.expectStatus: .*100 to 599, got 99/);
    expect(() => validateHttpChecks(check({ expectStatus: 600 }), 'checks')).toThrow(/got 600/);
    expect(() => validateHttpChecks(check({ expectStatus: 200.5 }), 'checks')).toThrow(/got 200\.5/);
  });

  test('fails when two checks share a name', () => {
    expect(() => validateHttpChecks([ok, { name: 'other', path: '/' }, { name: 'health', path: '/x' }], 'checks'))
      .toThrow(/checks\[2\]\.name: "health" is already the name of checks\[0\]/);
  });

  test('fails when a name is empty or blank', () => {
    expect(() => validateHttpChecks(check({ name: '' }), 'checks')).toThrow(/checks\[0\]\.name: a check needs a name/);
    expect(() => validateHttpChecks(check({ name: '   ' }), 'checks')).toThrow(/checks\[0\]\.name: a check needs a name/);
  });

  test('fails when a name is too long or has a line break', () => {
    expect(() => validateHttpChecks(check({ name: 'x'.repeat(65) }), 'checks')).toThrow(/at most 64 printable characters/);
    expect(() => validateHttpChecks(check({ name: 'a\nb' }), 'checks')).toThrow(/at most 64 printable characters/);
  });

  test('fails when the method is unknown, with a hint for lower case', () => {
    expect(() => validateHttpChecks(check({ method: 'FETCH' }), 'checks')).toThrow(/checks\[0\]\.method: use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"\.$/);
    expect(() => validateHttpChecks(check({ method: 'post' }), 'checks')).toThrow(/got "post"\. Write it in capitals: 'POST'/);
  });

  test('fails when a GET or HEAD check has a body', () => {
    expect(() => validateHttpChecks(check({ body: '{}' }), 'checks')).toThrow(/checks\[0\]\.body: a GET request carries no body/);
    expect(() => validateHttpChecks(check({ method: 'HEAD', body: 'x' }), 'checks')).toThrow(/a HEAD request carries no body/);
  });

  test('fails when the maximum latency is not positive', () => {
    expect(() => validateHttpChecks(check({ maxLatency: Duration.millis(0) }), 'checks')).toThrow(/checks\[0\]\.maxLatency: use a duration from 1 ms to 30 s/);
  });

  test('fails when the maximum latency exceeds 30 s or is fractional', () => {
    expect(() => validateHttpChecks(check({ maxLatency: Duration.seconds(31) }), 'checks')).toThrow(/from 1 ms to 30 s, got 31 seconds/);
    expect(() => validateHttpChecks(check({ maxLatency: Duration.millis(1.5) }), 'checks')).toThrow(/whole milliseconds, got 1\.5 ms/);
  });

  test('fails when a header name is invalid', () => {
    expect(() => validateHttpChecks(check({ headers: { 'bad header': 'x' } }), 'checks')).toThrow(/"bad header" is not a valid header name/);
  });

  test('fails when a header value contains a line break', () => {
    expect(() => validateHttpChecks(check({ headers: { 'X-A': 'a\r\nX-B: b' } }), 'checks')).toThrow(/headers\["X-A"\]: a header value cannot contain line breaks/);
  });

  test('fails when a header is one the hook computes', () => {
    expect(() => validateHttpChecks(check({ method: 'POST', body: 'x', headers: { 'Content-Length': '1' } }), 'checks'))
      .toThrow(/computes "Content-Length"/);
  });

  test('fails when bodyContains is empty', () => {
    expect(() => validateHttpChecks(check({ bodyContains: '' }), 'checks')).toThrow(/checks\[0\]\.bodyContains: an empty string matches every body/);
  });

  test('names the prop path it is given', () => {
    expect(() => validateHttpChecks([ok, { name: 'x', path: 'x' }], 'verification.checks')).toThrow(/^verification\.checks\[1\]\.path/);
  });
});

describe('resolveHttpCheck', () => {
  test('applies the defaults', () => {
    expect(resolveHttpCheck(ok)).toEqual({
      name: 'health',
      path: '/health',
      method: 'GET',
      headers: {},
      body: undefined,
      expectStatus: 200,
      bodyContains: undefined,
      maxLatencyMs: 2000,
    });
  });

  test('keeps what the check sets', () => {
    expect(resolveHttpCheck({
      name: 'n', path: '/p', method: 'PUT', headers: { a: 'b' }, body: 'x', expectStatus: 204, bodyContains: 'y', maxLatency: Duration.millis(250),
    })).toEqual({ name: 'n', path: '/p', method: 'PUT', headers: { a: 'b' }, body: 'x', expectStatus: 204, bodyContains: 'y', maxLatencyMs: 250 });
  });
});

describe('checks that can never pass', () => {
  test('fails when a HEAD check expects text in the body', () => {
    expect(() => validateHttpChecks(check({ method: 'HEAD', bodyContains: 'ok' }), 'checks'))
      .toThrow(/^checks\[0\]\.bodyContains: a response to HEAD carries no body, so the body can never contain "ok"\. Use method 'GET' to inspect the body, or remove bodyContains\.$/);
  });

  test.each([204, 205, 304])('fails when a check expecting %i also expects text in the body', (status) => {
    expect(() => validateHttpChecks(check({ expectStatus: status, bodyContains: 'ok' }), 'checksAfterTraffic'))
      .toThrow(new RegExp(`^checksAfterTraffic\\[0\\]\\.bodyContains: a ${status} response carries no body, so the body can never contain "ok"\\. Remove bodyContains`));
  });

  test('fails when a check expects an interim (1xx) status', () => {
    expect(() => validateHttpChecks(check({ expectStatus: 100 }), 'checks')).toThrow(/^checks\[0\]\.expectStatus: 100 is an interim \(1xx\) status, .*can never pass\. Expect the final status/);
    expect(() => validateHttpChecks(check({ expectStatus: 101 }), 'checks')).toThrow(/101 is an interim/);
  });

  test('fails when the expected text is longer than the part of the body the hook reads', () => {
    expect(() => validateHttpChecks(check({ bodyContains: 'x'.repeat(1024 * 1024 + 1) }), 'checks'))
      .toThrow(/checks\[0\]\.bodyContains: the hook reads the first 1048576 bytes of the body, and the expected text has 1048577 bytes/);
  });

  test('accepts a HEAD or 204 check without a body expectation, and a body expectation of exactly the limit', () => {
    expect(() => validateHttpChecks([{ name: 'a', path: '/', method: 'HEAD' }, { name: 'b', path: '/', expectStatus: 204 }], 'checks')).not.toThrow();
    expect(() => validateHttpChecks(check({ bodyContains: 'x'.repeat(1024 * 1024) }), 'checks')).not.toThrow();
  });
});
