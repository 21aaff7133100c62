import { HookCheckSpec } from '../../../src/verification/lambda-hook/config';
import { deepEqual, judgeInvokeCheck, judgeStartup, judgeVerifier, resultView, valueAtPath } from '../../../src/verification/lambda-hook/handler/evaluate';
import { InvokeOutcome } from '../../../src/verification/lambda-hook/handler/init-failure';

function ok(payload: unknown, extra: Partial<InvokeOutcome> = {}): InvokeOutcome {
  return { payload: typeof payload === 'string' ? payload : JSON.stringify(payload), durationMs: 10, ...extra };
}
function spec(extra: Partial<HookCheckSpec> = {}): HookCheckSpec {
  return { name: 'c', phase: 'BeforeAllowTraffic', payload: {}, ...extra };
}

describe('valueAtPath', () => {
  const doc = { a: { b: [{ c: 1 }, { c: null }] }, x: 0 };
  test.each([
    ['a.b.0.c', { found: true, value: 1 }],
    ['a.b.1.c', { found: true, value: null }],
    ['x', { found: true, value: 0 }],
    ['a.b.2.c', { found: false }],
    ['a.b.c', { found: false }],
    ['a.missing', { found: false }],
    ['x.y', { found: false }],
    ['a.b.length', { found: false }],
    ['toString', { found: false }],
  ])('%s', (path, expected) => {
    expect(valueAtPath(doc, path)).toEqual(expected);
  });
});

describe('deepEqual', () => {
  test('ignores key order and compares nested arrays', () => {
    expect(deepEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
  });
  test.each([
    [{ a: 1 }, { a: 1, b: 2 }],
    [[1, 2], [2, 1]],
    [[], {}],
    [null, {}],
    ['1', 1],
    [{ a: undefined }, { b: undefined }],
  ])('%j differs from %j', (a, b) => {
    expect(deepEqual(a, b)).toBe(false);
  });
});

describe('resultView', () => {
  test('parses a JSON string body of an API-style result', () => {
    expect(resultView(JSON.stringify({ statusCode: 200, body: '{"items":[{"id":"a"}]}' }))).toEqual({ statusCode: 200, body: { items: [{ id: 'a' }] } });
  });
  test('keeps a body that is not JSON, and a payload that is not JSON', () => {
    expect(resultView(JSON.stringify({ body: 'hello' }))).toEqual({ body: 'hello' });
    expect(resultView('not json')).toBe('not json');
    expect(resultView('')).toBeNull();
  });
});

describe('judgeInvokeCheck', () => {
  test('passes when every expectation holds', () => {
    const result = ok({ statusCode: 201, body: JSON.stringify({ order: { id: 'o-1', lines: [{ sku: 'x' }] } }) });
    expect(judgeInvokeCheck(spec({ expectStatusCode: 201, expectJson: { 'body.order.id': 'o-1', 'body.order.lines': [{ sku: 'x' }] } }), result)).toEqual({ passed: true });
  });

  test('fails on a status code mismatch or a missing status code', () => {
    expect(judgeInvokeCheck(spec({ expectStatusCode: 200 }), ok({ statusCode: 500 }))).toEqual({ passed: false, reason: 'expected statusCode 200, got 500' });
    expect(judgeInvokeCheck(spec({ expectStatusCode: 200 }), ok({ ok: true }))).toEqual({ passed: false, reason: 'expected statusCode 200, got no statusCode' });
  });

  test('reads JSONPath and dotted paths alike, into a parsed body', () => {
    const result = ok({ statusCode: 200, body: JSON.stringify({ items: [{ 'id': 'a', 'x.y': 2 }] }) });
    expect(judgeInvokeCheck(spec({ expectJson: { '$.body.items[0].id': 'a', "$.body.items[0]['x.y']": 2, 'body.items.0.id': 'a', 'body.items[0].id': 'a' } }), result)).toEqual({ passed: true });
    expect(judgeInvokeCheck(spec({ expectJson: { '$.body.items[1].id': 'a' } }), result)).toEqual({ passed: false, reason: 'expected $.body.items[1].id = "a", the result has no $.body.items[1].id' });
    expect(judgeInvokeCheck(spec({ expectJson: { $: 'plain' } }), ok('plain'))).toEqual({ passed: true });
  });

  test('a path that cannot be parsed fails the check with the reason', () => {
    expect(judgeInvokeCheck(spec({ expectJson: { 'a[': 1 } }), ok({ a: 1 }))).toEqual({ passed: false, reason: 'the expectJson path "a[" cannot be read: the \'[\' at character 2 is not closed' });
  });

  test('fails on a JSON mismatch or a missing path', () => {
    expect(judgeInvokeCheck(spec({ expectJson: { 'a.b': 2 } }), ok({ a: { b: 3 } }))).toEqual({ passed: false, reason: 'expected a.b = 2, got 3' });
    expect(judgeInvokeCheck(spec({ expectJson: { 'a.c': 2 } }), ok({ a: { b: 3 } }))).toEqual({ passed: false, reason: 'expected a.c = 2, the result has no a.c' });
  });

  test('a function error fails unless expected, and an expected one must happen', () => {
    const error = ok({ errorType: 'BadInput', errorMessage: 'no id' }, { functionError: 'Unhandled' });
    expect(judgeInvokeCheck(spec(), error)).toEqual({ passed: false, reason: 'function error (Unhandled): BadInput: no id' });
    expect(judgeInvokeCheck(spec({ expectFunctionError: true, expectJson: { errorType: 'BadInput' } }), error)).toEqual({ passed: true });
    expect(judgeInvokeCheck(spec({ expectFunctionError: true }), ok({}))).toEqual({ passed: false, reason: 'expected a function error, the invocation succeeded' });
  });

  test('an init failure fails even when a function error is expected', () => {
    const crash = ok({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined' }, { functionError: 'Unhandled' });
    expect(judgeInvokeCheck(spec({ expectFunctionError: true }), crash)).toEqual({
      passed: false, reason: 'the version failed to start or crashed (Runtime.HandlerNotFound: index.handler is undefined)',
    });
  });

  test('fails when slower than maxDuration', () => {
    expect(judgeInvokeCheck(spec({ maxDurationMs: 5 }), ok({}))).toEqual({ passed: false, reason: 'took 10 ms, more than maxDuration 5 ms' });
  });
});

describe('judgeStartup', () => {
  test('passes a handler error, fails an init failure', () => {
    expect(judgeStartup(ok({ errorType: 'Error', errorMessage: 'bad event' }, { functionError: 'Unhandled' }))).toEqual({ passed: true });
    expect(judgeStartup(ok({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: 'SyntaxError' }, { functionError: 'Unhandled' })).passed).toBe(false);
  });
});

describe('judgeVerifier', () => {
  const v = spec({ payload: undefined, verifierIndex: 0 });
  test('passes unless it returns passed: false or errors, keeping its reason', () => {
    expect(judgeVerifier(v, ok(null))).toEqual({ passed: true });
    expect(judgeVerifier(v, ok({ passed: true, reason: 'all good' }))).toEqual({ passed: true, reason: 'all good' });
    expect(judgeVerifier(v, ok({ passed: false }))).toEqual({ passed: false, reason: 'verification function returned passed: false' });
    expect(judgeVerifier(v, ok({ passed: false, reason: 'p99 too high' }))).toEqual({ passed: false, reason: 'p99 too high' });
    expect(judgeVerifier(v, ok({ errorType: 'Error', errorMessage: 'boom' }, { functionError: 'Unhandled' }))).toEqual({
      passed: false, reason: 'verification function error (Unhandled): Error: boom',
    });
  });
});
