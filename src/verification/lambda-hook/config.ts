/**
 * The verification hooks' per-function configuration: its schema, its encoding into Lambda
 * function tags, and its validation.
 *
 * The hook functions are shared by every BlueGreenLambda of a stack. Each function's checks and
 * bake window travel as tags on that function (no per-function resource, no environment
 * variable and its 4 KB limit): the construct writes them with {@link encodeHookConfigTags},
 * the hook reads them back from the function under deployment with {@link decodeHookConfigTags}.
 *
 * Pure module: no AWS SDK and no aws-cdk-lib at run time, so the hook bundle stays small.
 */
import { createHash } from 'crypto';
import { canonicalSegment, deepEqual, JSON_PATH_FORMS, parseJsonPath, PathSegment, valueAtSegments } from './json-path';
import { CheckPhase, InvokeCheck, VerificationFunctionCheck } from '../invoke-check';

/** Tag key prefix of the encoded configuration chunks: `${TAG_PREFIX}:0`, `${TAG_PREFIX}:1`, ... */
export const TAG_PREFIX = 'cdk-safe-deploy:hook';
/**
 * Tag key prefix of verification function ARNs: `${VERIFIER_TAG_PREFIX}:<index>`.
 * ARNs may be CDK tokens, so they are tags of their own rather than part of the encoded JSON.
 */
export const VERIFIER_TAG_PREFIX = 'cdk-safe-deploy:verifier';
/** Tag key marking a function verified by a stack's hooks; the value identifies the hook set (IAM conditions use it). */
export const MANAGED_TAG_KEY = 'cdk-safe-deploy:verified-by';
/** Environment variable naming the lifecycle event each hook function serves. */
export const PHASE_ENV = 'SAFE_DEPLOY_PHASE';
/**
 * Environment variable that locks the hook configuration to a version: the construct sets it to
 * {@link hookConfigDigest} of the configuration tags it writes. Environment variables are part of
 * a published version (tags are not), so the hook can tell whether the tags it reads are the ones
 * declared for the version it deploys.
 */
export const CONFIG_DIGEST_ENV = 'SAFE_DEPLOY_HOOK_CONFIG';
/** Key of the verification marker in the client context's `custom` object. */
export const MARKER_KEY = 'cdk-safe-deploy';

/** Timeout the construct sets on both hook functions (Lambda's maximum). */
export const HOOK_TIMEOUT_SECONDS = 900;
/** Time kept before the hook's own timeout to send its report (with retries). */
export const REPORT_MARGIN_SECONDS = 20;
/** Time kept for finding the target and running the post-traffic checks before a bake window. */
export const POST_CHECK_BUDGET_SECONDS = 40;
/** Longest bake window one post-traffic invocation can hold: 14 minutes. */
export const MAX_BAKE_SECONDS = HOOK_TIMEOUT_SECONDS - REPORT_MARGIN_SECONDS - POST_CHECK_BUDGET_SECONDS;
/** Time kept for finding the deployment's target before any check starts. */
export const DISCOVERY_SECONDS = 10;
/** Longest `maxDuration` of one check: what is left of the hook's timeout after the report margin and target discovery. */
export const MAX_CHECK_SECONDS = HOOK_TIMEOUT_SECONDS - REPORT_MARGIN_SECONDS - DISCOVERY_SECONDS;

/** Lambda allows 50 tags per function; the hooks' tags keep to this many, leaving the rest to users. */
export const MAX_OWN_TAGS = 40;
/** Lambda's longest tag value. */
export const MAX_TAG_VALUE_LENGTH = 256;
/** Lambda's largest synchronous invocation payload (6 MB). */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Allowed check names. */
export const CHECK_NAME_PATTERN = /^[A-Za-z0-9 _.:-]{1,64}$/;

/** The CodeDeploy lifecycle event a hook serves. */
export type HookPhase = 'BeforeAllowTraffic' | 'AfterAllowTraffic';

/** Serialisable form of one check. */
export interface HookCheckSpec {
  readonly name: string;
  readonly phase: HookPhase;
  /** Invoke check: the event sent to the target version. */
  readonly payload?: { [key: string]: any };
  readonly expectFunctionError?: boolean;
  readonly expectStatusCode?: number;
  readonly expectJson?: { [path: string]: any };
  readonly maxDurationMs?: number;
  /** Verification function check: index of its ARN tag (`${VERIFIER_TAG_PREFIX}:<index>`). */
  readonly verifierIndex?: number;
}

/** Everything the hooks need to know about one function. */
export interface HookConfig {
  readonly checks: HookCheckSpec[];
  /** Seconds the post-traffic hook watches the rollback alarms after its checks (0: no bake window). */
  readonly bakeSeconds: number;
  /** Break-glass: report Succeeded without invoking anything. */
  readonly skipVerification: boolean;
  /** Why verification is skipped, logged by the hooks. */
  readonly breakGlassReason?: string;
}

/** The configuration of a function that carries no hook tags: no checks, no bake, verification on. */
export const EMPTY_HOOK_CONFIG: HookConfig = { checks: [], bakeSeconds: 0, skipVerification: false };

/** Lifecycle event name for a check phase. */
export function hookPhaseOf(phase: CheckPhase | undefined): HookPhase {
  return phase === CheckPhase.AFTER_TRAFFIC ? 'AfterAllowTraffic' : 'BeforeAllowTraffic';
}

/** Tag key of the `index`-th verification function ARN. */
export function verifierTagKey(index: number): string {
  return `${VERIFIER_TAG_PREFIX}:${index}`;
}

/**
 * Serialisable specs for invoke checks and verification functions. Verification function `i`
 * refers to the tag `verifierTagKey(i)`, which the construct sets to `verifiers[i].function.functionArn`.
 */
export function toHookCheckSpecs(checks: InvokeCheck[], verifiers: VerificationFunctionCheck[]): HookCheckSpec[] {
  const invokeSpecs = checks.map((c): HookCheckSpec => ({
    name: c.name,
    phase: hookPhaseOf(c.phase),
    payload: c.payload ?? {},
    expectFunctionError: c.expectFunctionError,
    expectStatusCode: c.expectStatusCode,
    expectJson: c.expectJson,
    maxDurationMs: c.maxDuration?.toMilliseconds(),
  }));
  const verifierSpecs = verifiers.map((v, i): HookCheckSpec => ({
    name: v.name,
    phase: hookPhaseOf(v.phase),
    maxDurationMs: v.maxDuration?.toMilliseconds(),
    verifierIndex: i,
  }));
  return [...invokeSpecs, ...verifierSpecs];
}

// ---- encoding ----------------------------------------------------------------------------

/** Wire format version; a hook refuses configurations it does not know. */
const WIRE_VERSION = 1;

/** Compact wire form of a check: one-letter keys keep the tags few. */
interface WireCheck {
  n: string;
  a?: 1; // AfterAllowTraffic
  p?: { [key: string]: any };
  e?: boolean;
  s?: number;
  j?: { [path: string]: any };
  m?: number;
  f?: number;
}

interface WireConfig {
  v: number;
  c?: WireCheck[];
  b?: number;
  x?: 1;
  r?: string;
}

/** Tag key of the `index`-th configuration chunk. */
export function configTagKey(index: number): string {
  return `${TAG_PREFIX}:${index}`;
}

/**
 * Encodes `config` as tags: compact JSON, base64, cut into values of at most 256 characters
 * (`[A-Za-z0-9+/=]` only, which Lambda tag values accept). An empty configuration gives no tags.
 */
export function encodeHookConfigTags(config: HookConfig): Record<string, string> {
  const wire = toWire(config);
  if (Object.keys(wire).length === 1) return {}; // only the version: nothing to say
  const encoded = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64');
  const tags: Record<string, string> = {};
  for (let i = 0; i * MAX_TAG_VALUE_LENGTH < encoded.length; i++) {
    tags[configTagKey(i)] = encoded.slice(i * MAX_TAG_VALUE_LENGTH, (i + 1) * MAX_TAG_VALUE_LENGTH);
  }
  return tags;
}

/**
 * Digest of the configuration carried by `tags` (the `${TAG_PREFIX}:<n>` chunks in order; other
 * tags are ignored): 16 hex characters of SHA-256 over the joined chunks, `none` when there are
 * no chunks. Written by the construct into {@link CONFIG_DIGEST_ENV} and recomputed by the hook.
 */
export function hookConfigDigest(tags: Record<string, string>): string {
  const chunks: string[] = [];
  for (let i = 0; tags[configTagKey(i)] !== undefined; i++) chunks.push(tags[configTagKey(i)]);
  if (chunks.length === 0) return 'none';
  return createHash('sha256').update(chunks.join(''), 'utf8').digest('hex').slice(0, 16);
}

/**
 * Decodes the configuration from a function's tags. No configuration tag means no checks.
 * Throws (with a message that says why) if the chunks are incomplete or unreadable.
 */
export function decodeHookConfigTags(tags: Record<string, string>): HookConfig {
  const chunks: string[] = [];
  for (let i = 0; tags[configTagKey(i)] !== undefined; i++) chunks.push(tags[configTagKey(i)]);
  const stray = Object.keys(tags).filter((k) => k.startsWith(`${TAG_PREFIX}:`) && !/^\d+$/.test(k.slice(TAG_PREFIX.length + 1)));
  const beyond = Object.keys(tags).filter((k) => k.startsWith(`${TAG_PREFIX}:`) && Number(k.slice(TAG_PREFIX.length + 1)) >= chunks.length);
  if (stray.length > 0 || beyond.length > 0) {
    throw new Error(`hook configuration tags are incomplete or unknown: ${[...stray, ...beyond].join(', ')} (have ${chunks.length} consecutive chunks from ${configTagKey(0)})`);
  }
  if (chunks.length === 0) return EMPTY_HOOK_CONFIG;
  let wire: WireConfig;
  try {
    wire = JSON.parse(Buffer.from(chunks.join(''), 'base64').toString('utf8'));
  } catch (e) {
    throw new Error(`hook configuration tags ${TAG_PREFIX}:0..${chunks.length - 1} are not valid base64 JSON: ${(e as Error).message}`);
  }
  if (typeof wire !== 'object' || wire === null || wire.v !== WIRE_VERSION) {
    throw new Error(`hook configuration has wire version ${JSON.stringify((wire as WireConfig | null)?.v)}, this hook reads version ${WIRE_VERSION}; deploy matching library versions`);
  }
  return fromWire(wire);
}

function toWire(config: HookConfig): WireConfig {
  const wire: WireConfig = { v: WIRE_VERSION };
  if (config.checks.length > 0) wire.c = config.checks.map(toWireCheck);
  if (config.bakeSeconds > 0) wire.b = config.bakeSeconds;
  if (config.skipVerification) wire.x = 1;
  if (config.breakGlassReason !== undefined) wire.r = config.breakGlassReason;
  return wire;
}

function toWireCheck(c: HookCheckSpec): WireCheck {
  const w: WireCheck = { n: c.name };
  if (c.phase === 'AfterAllowTraffic') w.a = 1;
  if (c.payload !== undefined && Object.keys(c.payload).length > 0) w.p = c.payload;
  if (c.expectFunctionError) w.e = true;
  if (c.expectStatusCode !== undefined) w.s = c.expectStatusCode;
  if (c.expectJson !== undefined) w.j = c.expectJson;
  if (c.maxDurationMs !== undefined) w.m = c.maxDurationMs;
  if (c.verifierIndex !== undefined) w.f = c.verifierIndex;
  return w;
}

function fromWire(wire: WireConfig): HookConfig {
  return {
    checks: (wire.c ?? []).map((w): HookCheckSpec => ({
      name: String(w.n),
      phase: w.a === 1 ? 'AfterAllowTraffic' : 'BeforeAllowTraffic',
      ...(w.f === undefined ? { payload: w.p ?? {} } : { verifierIndex: w.f }),
      ...(w.e ? { expectFunctionError: true } : {}),
      ...(w.s !== undefined ? { expectStatusCode: w.s } : {}),
      ...(w.j !== undefined ? { expectJson: w.j } : {}),
      ...(w.m !== undefined ? { maxDurationMs: w.m } : {}),
    })),
    bakeSeconds: wire.b ?? 0,
    skipVerification: wire.x === 1,
    ...(wire.r !== undefined ? { breakGlassReason: wire.r } : {}),
  };
}

// ---- validation --------------------------------------------------------------------------

/** Marker of an unresolved CDK token in a string (tokens cannot be encoded into tags at synth). */
const TOKEN_MARKER = /\$\{Token\[|#\{Token\[/;

/**
 * Validates declared checks at synth: names (pattern, duplicates across both lists), payload
 * JSON and size, status codes, durations, and no unresolved tokens (the configuration is
 * encoded at synth).
 *
 * @param prop prop path named in messages, e.g. `checks`
 * @param verifiersProp prop path of the verification functions, e.g. `verificationFunctions`
 */
export function validateInvokeChecks(checks: InvokeCheck[], verifiers: VerificationFunctionCheck[], prop: string, verifiersProp: string): void {
  const seen = new Map<string, string>();
  const all: Array<{ name: string; maxDuration?: InvokeCheck['maxDuration']; at: string }> = [
    ...checks.map((c, i) => ({ name: c.name, maxDuration: c.maxDuration, at: `${prop}[${i}]` })),
    ...verifiers.map((v, i) => ({ name: v.name, maxDuration: v.maxDuration, at: `${verifiersProp}[${i}]` })),
  ];
  for (const c of all) {
    if (typeof c.name !== 'string' || !CHECK_NAME_PATTERN.test(c.name)) {
      throw new Error(`${c.at}.name must be 1 to 64 characters from A-Z a-z 0-9 space _ . : -, got ${JSON.stringify(c.name)}. Give the check a short literal name such as 'get-order'.`);
    }
    const previous = seen.get(c.name);
    if (previous !== undefined) {
      throw new Error(`${c.at}.name '${c.name}' is already used by ${previous}; check names must be unique per function. Rename one of them.`);
    }
    seen.set(c.name, c.at);
    if (c.maxDuration !== undefined) {
      const ms = c.maxDuration.toMilliseconds();
      if (!(ms > 0) || ms > MAX_CHECK_SECONDS * 1000) {
        throw new Error(`${c.at}.maxDuration must be more than 0 and at most ${MAX_CHECK_SECONDS} seconds (the hook's timeout minus its report margin), got ${c.maxDuration.toHumanString()}. Use e.g. Duration.seconds(30).`);
      }
    }
  }
  checks.forEach((c, i) => validateInvokeCheck(c, `${prop}[${i}]`));
}

function validateInvokeCheck(c: InvokeCheck, at: string): void {
  if (c.payload !== undefined) {
    if (typeof c.payload !== 'object' || c.payload === null || Array.isArray(c.payload)) {
      throw new Error(`${at}.payload must be a JSON object, got ${JSON.stringify(c.payload)}. Wrap the value, e.g. { value: ... }.`);
    }
    const json = jsonOf(c.payload, `${at}.payload`);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_INVOKE_PAYLOAD_BYTES) {
      throw new Error(`${at}.payload is ${bytes} bytes as JSON, over Lambda's ${MAX_INVOKE_PAYLOAD_BYTES}-byte limit for a synchronous invocation. Send a small event that points to the data instead.`);
    }
  }
  if (c.expectStatusCode !== undefined && (!Number.isInteger(c.expectStatusCode) || c.expectStatusCode < 100 || c.expectStatusCode > 599)) {
    throw new Error(`${at}.expectStatusCode must be an HTTP status code (an integer from 100 to 599), got ${c.expectStatusCode}.`);
  }
  if (c.expectJson !== undefined) {
    if (typeof c.expectJson !== 'object' || c.expectJson === null || Array.isArray(c.expectJson)) {
      throw new Error(`${at}.expectJson must be an object of path -> expected value, got ${JSON.stringify(c.expectJson)}; ${JSON_PATH_FORMS}.`);
    }
    jsonOf(c.expectJson, `${at}.expectJson`);
  }
  validateExpectations(c, at);
}

/**
 * Refuses expectations that no result can meet together: every `expectJson` path must parse;
 * a function error's result is Lambda's error object (`errorType`, `errorMessage`, ...), never
 * an API-style result with a `statusCode`; and two expectations on the same value (two
 * spellings of one path, `expectStatusCode` and a `statusCode` path, or a path and a path inside
 * it) must agree.
 */
function validateExpectations(c: InvokeCheck, at: string): void {
  const expectations: Array<{ segments: PathSegment[]; value: unknown; what: string }> = [];
  for (const [path, value] of Object.entries(c.expectJson ?? {})) {
    const parsed = parseJsonPath(path);
    if (parsed.error !== undefined) {
      throw new Error(`${at}.expectJson has the path ${JSON.stringify(path)}, which cannot be read: ${parsed.error}. ${capitalised(JSON_PATH_FORMS)}.`);
    }
    expectations.push({ segments: parsed.segments, value, what: `expectJson[${JSON.stringify(path)}]` });
  }
  if (c.expectStatusCode !== undefined) expectations.push({ segments: [{ name: 'statusCode' }], value: c.expectStatusCode, what: 'expectStatusCode' });
  if (c.expectFunctionError === true) {
    const status = expectations.find((e) => e.segments.length > 0 && canonicalSegment(e.segments[0]) === canonicalSegment({ name: 'statusCode' }));
    if (status !== undefined) {
      throw new Error(`${at} sets expectFunctionError: true and ${status.what} = ${JSON.stringify(status.value)}, which never hold together: the result of a function error is Lambda's error object ({ "errorType", "errorMessage", ... }), which has no statusCode. To check that bad input is refused with an HTTP status, drop expectFunctionError and expect the status code; to check that it throws, drop ${status.what} (expectJson: { errorType: '...' } checks the error).`);
    }
  }
  for (const a of expectations) {
    for (const b of expectations) {
      if (a === b || a.segments.length > b.segments.length) continue;
      const prefix = a.segments.every((s, i) => canonicalSegment(s) === canonicalSegment(b.segments[i]));
      if (!prefix || (a.segments.length === b.segments.length && expectations.indexOf(a) > expectations.indexOf(b))) continue;
      const inner = valueAtSegments(a.value, b.segments.slice(a.segments.length));
      if (!inner.found || !deepEqual(inner.value, b.value)) {
        throw new Error(`${at}: ${a.what} = ${JSON.stringify(a.value)} and ${b.what} = ${JSON.stringify(b.value)} expect the same value differently, so the check can never pass. Keep one of them, or make them agree.`);
      }
    }
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function jsonOf(value: unknown, at: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new Error(`${at} must be serialisable as JSON: ${(e as Error).message}`);
  }
  if (json === undefined) throw new Error(`${at} must be serialisable as JSON, got ${String(value)}.`);
  if (TOKEN_MARKER.test(json)) {
    throw new Error(`${at} contains an unresolved CDK token (${json.match(/[$#]\{Token\[[^\]]*\]\}/)?.[0]}); the check configuration is fixed at synth. Use literal values, or a verification function that reads the value at run time.`);
  }
  return json;
}

/**
 * Validates an encoded configuration against the limits of Lambda tags and the hook's timeout.
 *
 * @param prop prop path of the checks named in messages, e.g. `checks`
 * @param bakeProp prop path of the bake window named in messages
 */
export function validateHookConfig(config: HookConfig, prop: string, bakeProp = 'bakeTime'): void {
  if (!Number.isInteger(config.bakeSeconds) || config.bakeSeconds < 0 || config.bakeSeconds > MAX_BAKE_SECONDS) {
    throw new Error(`${bakeProp} must be whole seconds from 0 to ${MAX_BAKE_SECONDS} (one post-traffic hook invocation lasts at most ${HOOK_TIMEOUT_SECONDS} s, less ${REPORT_MARGIN_SECONDS} s to report and ${POST_CHECK_BUDGET_SECONDS} s for its checks), got ${config.bakeSeconds} s. Use e.g. Duration.minutes(10).`);
  }
  const postBudgetMs = (MAX_CHECK_SECONDS - config.bakeSeconds) * 1000;
  for (const c of config.checks) {
    if (c.phase === 'AfterAllowTraffic' && c.maxDurationMs !== undefined && c.maxDurationMs > postBudgetMs) {
      throw new Error(`${prop}: post-traffic check '${c.name}' may take ${c.maxDurationMs / 1000} s, but with a bake time of ${config.bakeSeconds} s only ${postBudgetMs / 1000} s are left in the post-traffic hook. Shorten its maxDuration or ${bakeProp}.`);
    }
  }
  const configTags = Object.keys(encodeHookConfigTags(config)).length;
  const verifierTags = new Set(config.checks.filter((c) => c.verifierIndex !== undefined).map((c) => c.verifierIndex)).size;
  const total = configTags + verifierTags + 1;
  if (total > MAX_OWN_TAGS) {
    const bytes = Buffer.byteLength(JSON.stringify(toWire(config)), 'utf8');
    throw new Error(`${prop}: the check configuration needs ${total} function tags (${configTags} for ${bytes} bytes of encoded checks, ${verifierTags} for verification functions, 1 marker); at most ${MAX_OWN_TAGS} are allowed (about ${Math.floor(((MAX_OWN_TAGS - 1 - verifierTags) * MAX_TAG_VALUE_LENGTH * 3) / 4)} bytes of checks). Use smaller payloads or fewer expectations, or move large cases into a verification function.`);
  }
}
