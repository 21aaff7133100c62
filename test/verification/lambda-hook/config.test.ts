import { Duration, Lazy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CheckPhase, InvokeCheck, VerificationFunctionCheck } from '../../../src/verification';
import {
  decodeHookConfigTags, EMPTY_HOOK_CONFIG, encodeHookConfigTags, HookConfig, MAX_BAKE_SECONDS, MAX_OWN_TAGS, MAX_TAG_VALUE_LENGTH, TAG_PREFIX,
  toHookCheckSpecs, validateHookConfig, validateInvokeChecks,
} from '../../../src/verification/lambda-hook/config';

const verifierFn = {} as lambda.IFunction; // only its ARN is used, by the construct

describe('toHookCheckSpecs', () => {
  test('maps invoke checks and verification functions, with defaults', () => {
    const specs = toHookCheckSpecs(
      [
        { name: 'a' },
        { name: 'b', phase: CheckPhase.AFTER_TRAFFIC, payload: { x: 1 }, expectFunctionError: true, expectStatusCode: 400, expectJson: { 'body.e': 'bad' }, maxDuration: Duration.seconds(3) },
      ],
      [{ name: 'v', function: verifierFn, phase: CheckPhase.AFTER_TRAFFIC, maxDuration: Duration.minutes(1) }],
    );
    expect(specs).toEqual([
      { name: 'a', phase: 'BeforeAllowTraffic', payload: {}, expectFunctionError: undefined, expectStatusCode: undefined, expectJson: undefined, maxDurationMs: undefined },
      { name: 'b', phase: 'AfterAllowTraffic', payload: { x: 1 }, expectFunctionError: true, expectStatusCode: 400, expectJson: { 'body.e': 'bad' }, maxDurationMs: 3000 },
      { name: 'v', phase: 'AfterAllowTraffic', maxDurationMs: 60_000, verifierIndex: 0 },
    ]);
  });
});

describe('tag encoding', () => {
  const config: HookConfig = {
    checks: [
      { name: 'get order', phase: 'BeforeAllowTraffic', payload: { path: '/orders/ü', n: [1, 2] }, expectStatusCode: 200, expectJson: { 'body.id': 'ö' }, maxDurationMs: 500 },
      { name: 'bad input', phase: 'AfterAllowTraffic', payload: {}, expectFunctionError: true },
      { name: 'e2e', phase: 'BeforeAllowTraffic', verifierIndex: 0 },
    ],
    bakeSeconds: 300,
    skipVerification: true,
    breakGlassReason: 'INC-1',
  };

  test('round-trips a configuration', () => {
    expect(decodeHookConfigTags(encodeHookConfigTags(config))).toEqual(config);
  });

  test('an empty configuration gives no tags, a break-glass reason alone does, and missing tags decode to no checks', () => {
    expect(encodeHookConfigTags(EMPTY_HOOK_CONFIG)).toEqual({});
    const reasonOnly = { ...EMPTY_HOOK_CONFIG, breakGlassReason: 'INC-2: alarms ignored' };
    expect(decodeHookConfigTags(encodeHookConfigTags(reasonOnly))).toEqual(reasonOnly);
    expect(decodeHookConfigTags({ other: 'tag' })).toEqual(EMPTY_HOOK_CONFIG);
  });

  test('splits large configurations into consecutive tags of at most 256 base64 characters', () => {
    const big: HookConfig = { ...EMPTY_HOOK_CONFIG, checks: [{ name: 'big', phase: 'BeforeAllowTraffic', payload: { blob: 'x'.repeat(1000) } }] };
    const tags = encodeHookConfigTags(big);
    const keys = Object.keys(tags);
    expect(keys).toEqual(keys.map((_k, i) => `${TAG_PREFIX}:${i}`));
    expect(keys.length).toBeGreaterThan(4);
    for (const value of Object.values(tags)) {
      expect(value).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(value.length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH);
    }
    expect(decodeHookConfigTags({ ...tags, unrelated: 'x' })).toEqual(big);
  });

  test('fails when a chunk is missing or the content is unreadable', () => {
    const tags = encodeHookConfigTags({ ...EMPTY_HOOK_CONFIG, checks: [{ name: 'big', phase: 'BeforeAllowTraffic', payload: { blob: 'x'.repeat(600) } }] });
    const { [`${TAG_PREFIX}:1`]: _gone, ...gap } = tags;
    expect(() => decodeHookConfigTags(gap)).toThrow(/hook configuration tags are incomplete or unknown: cdk-safe-deploy:hook:2/);
    expect(() => decodeHookConfigTags({ [`${TAG_PREFIX}:0`]: 'bm90IGpzb24=' })).toThrow(/are not valid base64 JSON/);
    expect(() => decodeHookConfigTags({ [`${TAG_PREFIX}:0`]: Buffer.from('{"v":9}').toString('base64') })).toThrow(/wire version 9, this hook reads version 1/);
  });
});

describe('validateInvokeChecks', () => {
  const ok: InvokeCheck = { name: 'ok' };
  const verifier: VerificationFunctionCheck = { name: 'v', function: verifierFn };

  test('accepts valid checks', () => {
    expect(() => validateInvokeChecks(
      [{ name: 'Get order: v1.2_x-y', payload: { a: [1] }, expectStatusCode: 200, expectJson: { 'body.a.0': 1 }, maxDuration: Duration.seconds(30) }],
      [verifier], 'checks', 'verificationFunctions')).not.toThrow();
  });

  test('accepts JSONPath and dotted paths, agreeing expectations, and an expected error with its type', () => {
    expect(() => validateInvokeChecks([
      { name: 'a', expectStatusCode: 200, expectJson: { '$.body.items[0].id': 'x', "$['body']['a.b']": 1, 'body.items.0.id': 'x', 'statusCode': 200, '$': { statusCode: 200, body: { 'items': [{ id: 'x' }], 'a.b': 1 } } } },
      { name: 'b', expectFunctionError: true, expectJson: { 'errorType': 'ValidationError', '$.errorMessage': 'orderId is required' } },
    ], [], 'checks', 'verificationFunctions')).not.toThrow();
  });

  test.each([
    ['a check has no name', [{ ...ok, name: '' }], [], /checks\[0\].name must be 1 to 64 characters .* got ""/],
    ['a name has a forbidden character', [{ name: 'a/b' }], [], /checks\[0\].name .* got "a\/b"/],
    ['a name is longer than 64 characters', [{ name: 'n'.repeat(65) }], [], /checks\[0\].name must be 1 to 64 characters/],
    ['two checks share a name', [ok, ok], [], /checks\[1\].name 'ok' is already used by checks\[0\]/],
    ['a verification function reuses a check name', [ok], [{ ...verifier, name: 'ok' }], /verificationFunctions\[0\].name 'ok' is already used by checks\[0\]/],
    ['maxDuration is zero', [{ ...ok, maxDuration: Duration.seconds(0) }], [], /checks\[0\].maxDuration must be more than 0 and at most 870 seconds.*got 0 seconds/],
    ['maxDuration is past the hook timeout', [], [{ ...verifier, maxDuration: Duration.minutes(15) }], /verificationFunctions\[0\].maxDuration .* got 15 minutes/],
    ['a payload is not an object', [{ ...ok, payload: [1] as any }], [], /checks\[0\].payload must be a JSON object, got \[1\]/],
    ['a payload is over Lambda\'s limit', [{ ...ok, payload: { blob: 'x'.repeat(6 * 1024 * 1024) } }], [], /checks\[0\].payload is 6291467 bytes as JSON, over Lambda's 6291456-byte limit/],
    ['a payload holds a token', [{ ...ok, payload: { id: Lazy.string({ produce: () => 'x' }) } }], [], /checks\[0\].payload contains an unresolved CDK token/],
    ['a payload is cyclic', [{ ...ok, payload: (() => { const p: any = {}; p.self = p; return p; })() }], [], /checks\[0\].payload must be serialisable as JSON/],
    ['a status code is not HTTP', [{ ...ok, expectStatusCode: 42 }], [], /checks\[0\].expectStatusCode must be an HTTP status code .* got 42/],
    ['a status code is fractional', [{ ...ok, expectStatusCode: 200.5 }], [], /expectStatusCode must be an HTTP status code/],
    ['an expectJson path has an empty segment', [{ ...ok, expectJson: { 'body..id': 1 } }], [], /checks\[0\].expectJson has the path "body..id", which cannot be read: '\.\.' \(an empty segment.*Write 'body.items.0.id' or '\$.body.items\[0\].id'/],
    ['an expectJson path ends with a dot', [{ ...ok, expectJson: { 'body.': 1 } }], [], /checks\[0\].expectJson has the path "body\.", which cannot be read: the path ends with '\.'/],
    ['an expectJson path has an unclosed bracket', [{ ...ok, expectJson: { '$.items[0': 1 } }], [], /checks\[0\].expectJson has the path "\$.items\[0", which cannot be read: the '\[' at character 8 is not closed/],
    ['an expectJson path has a bracket that is not an index or a quoted key', [{ ...ok, expectJson: { 'items[id]': 1 } }], [], /"items\[id\]", which cannot be read: '\[id\]' is neither an array index like \[0\] nor a quoted key like \['id'\]/],
    ['an expectJson path uses a wildcard', [{ ...ok, expectJson: { '$.items[*].id': 1 } }], [], /"\$.items\[\*\].id", which cannot be read: the wildcard '\[\*\]' is not supported/],
    ['an expectJson path is empty', [{ ...ok, expectJson: { '': 1 } }], [], /checks\[0\].expectJson has the path "", which cannot be read: the path is empty/],
    ['a function error and a status code are both expected', [{ ...ok, expectFunctionError: true, expectStatusCode: 400 }], [],
      /checks\[0\] sets expectFunctionError: true and expectStatusCode = 400, which never hold together: the result of a function error is Lambda's error object .* has no statusCode/],
    ['a function error and a statusCode path are both expected', [{ ...ok, expectFunctionError: true, expectJson: { '$.statusCode': 400 } }], [],
      /checks\[0\] sets expectFunctionError: true and expectJson\["\$.statusCode"\] = 400, which never hold together/],
    ['expectStatusCode and a statusCode path disagree', [{ ...ok, expectStatusCode: 200, expectJson: { statusCode: 201 } }], [],
      /checks\[0\]: expectJson\["statusCode"\] = 201 and expectStatusCode = 200 expect the same value differently, so the check can never pass/],
    ['two spellings of one path expect different values', [{ ...ok, expectJson: { 'body.items.0': 'a', '$.body.items.0': 'b' } }], [],
      /checks\[0\]: expectJson\["body.items.0"\] = "a" and expectJson\["\$.body.items.0"\] = "b" expect the same value differently/],
    ['a path and a path inside it disagree', [{ ...ok, expectJson: { 'body': { ok: true }, 'body.ok': false } }], [],
      /checks\[0\]: expectJson\["body"\] = \{"ok":true\} and expectJson\["body.ok"\] = false expect the same value differently/],
    ['a path expects a scalar that a deeper path looks inside', [{ ...ok, expectJson: { '$.a': 1, '$.a.b': 2 } }], [],
      /expectJson\["\$.a"\] = 1 and expectJson\["\$.a.b"\] = 2 expect the same value differently/],
    ['expectJson holds a token', [{ ...ok, expectJson: { id: Lazy.string({ produce: () => 'x' }) } }], [], /checks\[0\].expectJson contains an unresolved CDK token/],
  ])('fails when %s', (_what, checks, verifiers, message) => {
    expect(() => validateInvokeChecks(checks as InvokeCheck[], verifiers as VerificationFunctionCheck[], 'checks', 'verificationFunctions')).toThrow(message);
  });
});

describe('validateHookConfig', () => {
  test('accepts the longest bake window', () => {
    expect(() => validateHookConfig({ ...EMPTY_HOOK_CONFIG, bakeSeconds: MAX_BAKE_SECONDS }, 'checks')).not.toThrow();
  });

  test.each([
    ['the bake window is past the limit', { ...EMPTY_HOOK_CONFIG, bakeSeconds: MAX_BAKE_SECONDS + 1 }, /bakeTime must be whole seconds from 0 to 840 .* got 841 s/],
    ['the bake window is negative', { ...EMPTY_HOOK_CONFIG, bakeSeconds: -1 }, /bakeTime must be whole seconds/],
    ['the bake window is fractional', { ...EMPTY_HOOK_CONFIG, bakeSeconds: 1.5 }, /bakeTime must be whole seconds/],
    ['a post-traffic check and the bake window do not fit one invocation', {
      ...EMPTY_HOOK_CONFIG, bakeSeconds: 800, checks: [{ name: 'p', phase: 'AfterAllowTraffic', payload: {}, maxDurationMs: 120_000 }],
    }, /checks: post-traffic check 'p' may take 120 s, but with a bake time of 800 s only 70 s are left/],
    ['the checks need more than 40 tags', {
      ...EMPTY_HOOK_CONFIG, checks: [{ name: 'huge', phase: 'BeforeAllowTraffic', payload: { blob: 'x'.repeat(8000) } }],
    }, new RegExp(`checks: the check configuration needs \\d+ function tags .* at most ${MAX_OWN_TAGS} are allowed`)],
  ])('fails when %s', (_what, config, message) => {
    expect(() => validateHookConfig(config as HookConfig, 'checks')).toThrow(message);
  });

  test('counts verification function tags against the limit', () => {
    // 38 configuration chunks fit alone, not with two verification function tags and the marker
    const payload = { blob: 'x'.repeat(Math.floor((38 * MAX_TAG_VALUE_LENGTH * 3) / 4) - 80) };
    const base: HookConfig = { ...EMPTY_HOOK_CONFIG, checks: [{ name: 'big', phase: 'BeforeAllowTraffic', payload }] };
    expect(Object.keys(encodeHookConfigTags(base)).length).toBe(38);
    expect(() => validateHookConfig(base, 'checks')).not.toThrow();
    const withVerifiers: HookConfig = {
      ...base, checks: [...base.checks, { name: 'v0', phase: 'BeforeAllowTraffic', verifierIndex: 0 }, { name: 'v1', phase: 'BeforeAllowTraffic', verifierIndex: 1 }],
    };
    expect(() => validateHookConfig(withVerifiers, 'checks')).toThrow(/needs \d+ function tags \(\d+ for \d+ bytes of encoded checks, 2 for verification functions, 1 marker\)/);
  });
});
