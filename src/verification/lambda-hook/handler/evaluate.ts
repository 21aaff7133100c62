import type { HookCheckSpec } from '../config';
import { errorOf, initFailureOf, InvokeOutcome } from './init-failure';
import { deepEqual, parseJsonPath, valueAtSegments } from '../json-path';

export { deepEqual };

/** The judgement of one check. */
export interface Verdict {
  readonly passed: boolean;
  /** Why it failed (or what a verification function said). */
  readonly reason?: string;
}

const PASS: Verdict = { passed: true };

/**
 * Value at an `expectJson` path, dotted (`a.b.0.c`) or JSONPath (`$.a.b[0].c`); see
 * {@link parseJsonPath}. `found` is false if a step is missing or the path cannot be parsed.
 */
export function valueAtPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  const parsed = parseJsonPath(path);
  return parsed.segments ? valueAtSegments(root, parsed.segments) : { found: false };
}

/**
 * The returned JSON as a check sees it: the parsed payload, and for API-style results whose
 * `body` is a JSON string, the same object with `body` parsed. A payload that is not JSON is
 * kept as its text.
 */
export function resultView(payload: string): unknown {
  let result: unknown;
  try {
    result = payload === '' ? null : JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    const body = (result as Record<string, unknown>).body;
    if (typeof body === 'string') {
      try {
        return { ...result, body: JSON.parse(body) };
      } catch {
        // a body that is not JSON stays a string
      }
    }
  }
  return result;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Judges an invoke check's outcome against its expectations. */
export function judgeInvokeCheck(spec: HookCheckSpec, outcome: InvokeOutcome, runtime?: string): Verdict {
  const initFailure = initFailureOf(outcome, runtime);
  if (initFailure !== undefined) return { passed: false, reason: initFailure };
  if (spec.maxDurationMs !== undefined && outcome.durationMs > spec.maxDurationMs) {
    return { passed: false, reason: `took ${outcome.durationMs} ms, more than maxDuration ${spec.maxDurationMs} ms` };
  }
  if (outcome.functionError !== undefined && !spec.expectFunctionError) {
    const { errorType, errorMessage } = errorOf(outcome);
    return { passed: false, reason: `function error (${outcome.functionError}): ${[errorType, errorMessage].filter(Boolean).join(': ') || show(outcome.payload)}` };
  }
  if (outcome.functionError === undefined && spec.expectFunctionError) {
    return { passed: false, reason: 'expected a function error, the invocation succeeded' };
  }
  const view = resultView(outcome.payload);
  if (spec.expectStatusCode !== undefined) {
    const status = valueAtPath(view, 'statusCode');
    if (!status.found || status.value !== spec.expectStatusCode) {
      return { passed: false, reason: `expected statusCode ${spec.expectStatusCode}, got ${status.found ? show(status.value) : 'no statusCode'}` };
    }
  }
  for (const [path, expected] of Object.entries(spec.expectJson ?? {})) {
    const parsed = parseJsonPath(path);
    if (parsed.error !== undefined) return { passed: false, reason: `the expectJson path ${JSON.stringify(path)} cannot be read: ${parsed.error}` };
    const actual = valueAtSegments(view, parsed.segments);
    if (!actual.found) return { passed: false, reason: `expected ${path} = ${show(expected)}, the result has no ${path}` };
    if (!deepEqual(actual.value, expected)) return { passed: false, reason: `expected ${path} = ${show(expected)}, got ${show(actual.value)}` };
  }
  return PASS;
}

/**
 * Judges the startup probe (no checks declared): only a failure to start or finish fails;
 * a handler that rejects the empty event passes.
 */
export function judgeStartup(outcome: InvokeOutcome, runtime?: string): Verdict {
  const initFailure = initFailureOf(outcome, runtime);
  return initFailure === undefined ? PASS : { passed: false, reason: initFailure };
}

/**
 * Judges a verification function's outcome: it passes unless it ends in a function error or
 * returns `{ "passed": false }`; its `reason` is kept either way.
 */
export function judgeVerifier(spec: HookCheckSpec, outcome: InvokeOutcome): Verdict {
  if (spec.maxDurationMs !== undefined && outcome.durationMs > spec.maxDurationMs) {
    return { passed: false, reason: `took ${outcome.durationMs} ms, more than maxDuration ${spec.maxDurationMs} ms` };
  }
  if (outcome.functionError !== undefined) {
    const { errorType, errorMessage } = errorOf(outcome);
    return { passed: false, reason: `verification function error (${outcome.functionError}): ${[errorType, errorMessage].filter(Boolean).join(': ') || show(outcome.payload)}` };
  }
  const result = resultView(outcome.payload);
  const reason = valueAtPath(result, 'reason');
  const said = reason.found && typeof reason.value === 'string' ? { reason: reason.value } : {};
  const passed = valueAtPath(result, 'passed');
  if (passed.found && passed.value === false) return { passed: false, reason: 'verification function returned passed: false', ...said };
  return { passed: true, ...said };
}
