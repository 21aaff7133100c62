import { Duration, Token } from 'aws-cdk-lib';
import { HttpCheck } from './http-check';

/** Methods an HTTP check may use. */
export const HTTP_CHECK_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Default method of an HTTP check. */
export const DEFAULT_HTTP_CHECK_METHOD = 'GET';
/** Default expected status of an HTTP check. */
export const DEFAULT_HTTP_CHECK_STATUS = 200;
/** Default maximum latency of an HTTP check. */
export const DEFAULT_HTTP_CHECK_MAX_LATENCY = Duration.seconds(2);
/**
 * Longest maximum latency an HTTP check may ask for: the hook runs every check within one
 * invocation of a function with a one-minute timeout, after its AWS calls.
 */
export const MAX_HTTP_CHECK_LATENCY = Duration.seconds(30);
/** Most response body bytes the hook reads for `bodyContains` (the rest is dropped). */
export const MAX_HTTP_CHECK_BODY_BYTES = 1024 * 1024;
/** Statuses whose responses never carry a body (RFC 9110 §15.3.5, §15.3.6, §15.4.5). */
const BODYLESS_STATUSES = [204, 205, 304];
/** Longest check name. */
export const MAX_HTTP_CHECK_NAME_LENGTH = 64;

/** Headers Node.js computes itself from the request; a check may not set them. */
const COMPUTED_HEADERS = ['content-length', 'transfer-encoding', 'connection'];
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Characters that would split a request line or a header. */
const LINE_BREAK_OR_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** An HTTP check with every default applied, in the plain form the hook handler receives. */
export interface HttpCheckSpec {
  readonly name: string;
  readonly path: string;
  readonly method: string;
  readonly headers: { [name: string]: string };
  readonly body?: string;
  readonly expectStatus: number;
  readonly bodyContains?: string;
  readonly maxLatencyMs: number;
}

/**
 * Throws unless every check can be sent as written: unique non-empty names, paths starting
 * with `/`, a known method, no body on GET/HEAD, valid headers, a status from 100 to 599 and a
 * maximum latency from 1 ms to 30 s; and unless every check can pass: no body expectation on a HEAD
 * request or with a status whose response has no body (204, 205, 304), no interim (1xx) status, no
 * body expectation longer than the part of the body the hook reads. Values that are unresolved
 * tokens are not checked.
 *
 * @param prop the prop path named in messages, e.g. `checks`
 */
export function validateHttpChecks(checks: HttpCheck[], prop: string): void {
  const seen = new Map<string, number>();
  checks.forEach((check, i) => {
    const where = `${prop}[${i}]`;
    validateName(check.name, where);
    if (!Token.isUnresolved(check.name)) {
      const first = seen.get(check.name);
      if (first !== undefined) {
        throw new Error(`${where}.name: "${check.name}" is already the name of ${prop}[${first}]; give every check its own name.`);
      }
      seen.set(check.name, i);
    }
    validatePath(check.path, where);
    const method = validateMethod(check.method, where);
    validateHeaders(check.headers ?? {}, where);
    if (check.body !== undefined && (method === 'GET' || method === 'HEAD')) {
      throw new Error(`${where}.body: a ${method} request carries no body, got a body of ${check.body.length} characters. Use method 'POST' (or another method that takes a body), or remove the body.`);
    }
    validateStatus(check.expectStatus, where);
    if (check.bodyContains !== undefined && !Token.isUnresolved(check.bodyContains) && check.bodyContains.length === 0) {
      throw new Error(`${where}.bodyContains: an empty string matches every body. Give the text the response must contain, or leave bodyContains out.`);
    }
    refuseImpossible(check, method, where);
    validateLatency(check.maxLatency, where);
  });
}

/** The check with every default applied. */
export function resolveHttpCheck(check: HttpCheck): HttpCheckSpec {
  return {
    name: check.name,
    path: check.path,
    method: check.method ?? DEFAULT_HTTP_CHECK_METHOD,
    headers: { ...(check.headers ?? {}) },
    body: check.body,
    expectStatus: check.expectStatus ?? DEFAULT_HTTP_CHECK_STATUS,
    bodyContains: check.bodyContains,
    maxLatencyMs: (check.maxLatency ?? DEFAULT_HTTP_CHECK_MAX_LATENCY).toMilliseconds(),
  };
}

/** Throws when the check can never pass, whatever the service answers. */
function refuseImpossible(check: HttpCheck, method: string, where: string): void {
  const status = check.expectStatus ?? DEFAULT_HTTP_CHECK_STATUS;
  const expectsBody = check.bodyContains !== undefined;
  if (!Token.isUnresolved(status) && Number.isInteger(status) && status >= 100 && status <= 199) {
    throw new Error(`${where}.expectStatus: ${status} is an interim (1xx) status, which is never the final answer to a request, so the check can never pass. `
      + 'Expect the final status (e.g. 200).');
  }
  if (!expectsBody) return;
  if (method === 'HEAD') {
    throw new Error(`${where}.bodyContains: a response to HEAD carries no body, so the body can never contain ${JSON.stringify(check.bodyContains)}. `
      + "Use method 'GET' to inspect the body, or remove bodyContains.");
  }
  if (!Token.isUnresolved(status) && BODYLESS_STATUSES.includes(status)) {
    throw new Error(`${where}.bodyContains: a ${status} response carries no body, so the body can never contain ${JSON.stringify(check.bodyContains)}. `
      + 'Remove bodyContains, or expect a status whose response has a body (e.g. 200).');
  }
  if (!Token.isUnresolved(check.bodyContains) && Buffer.byteLength(check.bodyContains!) > MAX_HTTP_CHECK_BODY_BYTES) {
    throw new Error(`${where}.bodyContains: the hook reads the first ${MAX_HTTP_CHECK_BODY_BYTES} bytes of the body, and the expected text has `
      + `${Buffer.byteLength(check.bodyContains!)} bytes, so it can never match. Expect a shorter text.`);
  }
}

function validateName(name: string, where: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.trim().length === 0) {
    throw new Error(`${where}.name: a check needs a name that says what it verifies, got "${name}". Use e.g. 'health'.`);
  }
  if (name.length > MAX_HTTP_CHECK_NAME_LENGTH || LINE_BREAK_OR_CONTROL.test(name)) {
    throw new Error(`${where}.name: names are at most ${MAX_HTTP_CHECK_NAME_LENGTH} printable characters, got ${JSON.stringify(name)} (${name.length} characters). Use a shorter name.`);
  }
}

function validatePath(path: string, where: string): void {
  if (Token.isUnresolved(path)) return;
  if (!path.startsWith('/')) {
    throw new Error(`${where}.path: a path starts with '/', got "${path}". Use '/${path.replace(/^\/*/, '')}'.`);
  }
  if (/\s/.test(path) || LINE_BREAK_OR_CONTROL.test(path) || path.includes('#')) {
    throw new Error(`${where}.path: a path has no spaces, control characters or '#' fragment, got ${JSON.stringify(path)}. Percent-encode those characters (e.g. %20 for a space).`);
  }
}

function validateMethod(method: string | undefined, where: string): string {
  const value = method ?? DEFAULT_HTTP_CHECK_METHOD;
  if (Token.isUnresolved(value)) return value;
  if (!HTTP_CHECK_METHODS.includes(value)) {
    const hint = HTTP_CHECK_METHODS.includes(value.toUpperCase()) ? ` Write it in capitals: '${value.toUpperCase()}'.` : '';
    throw new Error(`${where}.method: use one of ${HTTP_CHECK_METHODS.join(', ')}, got "${value}".${hint}`);
  }
  return value;
}

function validateHeaders(headers: { [name: string]: string }, where: string): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new Error(`${where}.headers: "${name}" is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only). Fix the header name.`);
    }
    if (COMPUTED_HEADERS.includes(name.toLowerCase())) {
      throw new Error(`${where}.headers: the hook computes "${name}" from the request itself. Remove it from headers.`);
    }
    if (!Token.isUnresolved(value) && LINE_BREAK_OR_CONTROL.test(value)) {
      throw new Error(`${where}.headers["${name}"]: a header value cannot contain line breaks or control characters, got ${JSON.stringify(value)}.`);
    }
  }
}

function validateStatus(status: number | undefined, where: string): void {
  if (status === undefined || Token.isUnresolved(status)) return;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`${where}.expectStatus: an HTTP status is a whole number from 100 to 599, got ${status}. Use e.g. 200.`);
  }
}

function validateLatency(latency: Duration | undefined, where: string): void {
  if (latency === undefined || latency.isUnresolved()) return;
  const ms = latency.toMilliseconds({ integral: false });
  if (!(ms >= 1) || ms > MAX_HTTP_CHECK_LATENCY.toMilliseconds()) {
    throw new Error(`${where}.maxLatency: use a duration from 1 ms to ${MAX_HTTP_CHECK_LATENCY.toSeconds()} s, got ${latency.toHumanString()}. Use e.g. Duration.seconds(2).`);
  }
  if (!Number.isInteger(ms)) {
    throw new Error(`${where}.maxLatency: use whole milliseconds, got ${ms} ms. Use Duration.millis(${Math.ceil(ms)}).`);
  }
}
