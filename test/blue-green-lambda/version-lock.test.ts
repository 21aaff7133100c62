import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { blueGreen, resourceOf } from './support';
import { CheckPhase } from '../../src/verification';
import { CONFIG_DIGEST_ENV, TAG_PREFIX, hookConfigDigest } from '../../src/verification/lambda-hook/config';
import { envStack } from '../support/app';

/** The function's resource, its version's logical ID and its tags, as synthesized. */
function synth(extra: Parameters<typeof blueGreen>[0] = {}) {
  const stack = envStack();
  const api = blueGreen(extra, stack);
  const template = Template.fromStack(stack);
  const fn = resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').resource;
  const tags: Record<string, string> = Object.fromEntries((fn.Properties.Tags as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]));
  return { api, fn, tags, env: fn.Properties.Environment?.Variables ?? {}, versionId: resourceOf(template, 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion').id };
}

describe('version lock of the check configuration', () => {
  const checks = [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }];

  test('the function carries the digest of the configuration tags in the template', () => {
    const { env, tags } = synth({ checks });
    expect(Object.keys(tags).filter((k) => k.startsWith(`${TAG_PREFIX}:`)).length).toBeGreaterThan(0);
    expect(env[CONFIG_DIGEST_ENV]).toMatch(/^[0-9a-f]{16}$/);
    expect(env[CONFIG_DIGEST_ENV]).toBe(hookConfigDigest(tags));
  });

  test('a change of a check changes the digest and publishes a new version', () => {
    const a = synth({ checks });
    const b = synth({ checks: [{ ...checks[0], expectStatusCode: 204 }] });
    expect(b.env[CONFIG_DIGEST_ENV]).not.toBe(a.env[CONFIG_DIGEST_ENV]);
    expect(b.versionId).not.toBe(a.versionId);
  });

  test('a check added after the constructor is locked too', () => {
    const stack = envStack();
    const api = blueGreen({ checks }, stack);
    api.addCheck({ name: 'late', phase: CheckPhase.AFTER_TRAFFIC });
    const fn = resourceOf(Template.fromStack(stack), 'AWS::Lambda::Function', 'ApiFunction').resource;
    const tags = Object.fromEntries((fn.Properties.Tags as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]));
    expect(fn.Properties.Environment.Variables[CONFIG_DIGEST_ENV]).toBe(hookConfigDigest(tags));
    expect(fn.Properties.Environment.Variables[CONFIG_DIGEST_ENV]).not.toBe(synth({ checks }).env[CONFIG_DIGEST_ENV]);
  });

  test('the same configuration gives the same digest and the same version', () => {
    expect(synth({ checks }).versionId).toBe(synth({ checks }).versionId);
    expect(synth({ checks }).env[CONFIG_DIGEST_ENV]).toBe(synth({ checks }).env[CONFIG_DIGEST_ENV]);
  });

  test('a change of the bake window publishes a new version', () => {
    expect(synth({ checks }).versionId).not.toBe(synth({ checks, bakeTime: Duration.minutes(10) }).versionId);
  });

  test('switching break-glass verification on publishes a new version, and switching it off another', () => {
    const normal = synth({ checks });
    const emergency = synth({ checks, breakGlass: { reason: 'INC-42', skipVerification: true } });
    expect(emergency.versionId).not.toBe(normal.versionId);
    expect(synth({ checks }).versionId).toBe(normal.versionId);
  });

  test('the user\'s own environment variables are kept', () => {
    const { env } = synth({ environment: { TABLE: 'orders', MODE: 'strict' } });
    expect(env).toMatchObject({ TABLE: 'orders', MODE: 'strict' });
    expect(env[CONFIG_DIGEST_ENV]).toBeDefined();
  });

  test(`fails when the environment prop sets ${CONFIG_DIGEST_ENV}`, () => {
    expect(() => blueGreen({ environment: { [CONFIG_DIGEST_ENV]: 'x' } })).toThrow(new RegExp(`environment sets ${CONFIG_DIGEST_ENV}, which BlueGreenLambda sets itself.*Rename your variable`));
  });

  test(`fails when function.addEnvironment() sets ${CONFIG_DIGEST_ENV}`, () => {
    const stack = envStack();
    blueGreen({}, stack).function.addEnvironment(CONFIG_DIGEST_ENV, 'x');
    expect(() => Template.fromStack(stack)).toThrow(new RegExp(`function.addEnvironment\\(\\) sets ${CONFIG_DIGEST_ENV}.*Rename your variable`));
  });
});
