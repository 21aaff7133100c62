/**
 * The paths of `InvokeCheck.expectJson`: parsing (at synth, to refuse a path that cannot match,
 * and in the hook, to evaluate it) and lookup.
 *
 * Two spellings are accepted, and may be mixed:
 *
 * - dotted: `body.items.0.id` (a numeric segment is an array index, or an object key such as `"0"`);
 * - the standard JSONPath subset `$.body.items[0].id`: a `$` root, `.name` members, `[0]` array
 *   indexes and `['key']` / `["key"]` members (for keys holding dots, brackets or spaces).
 *
 * Only single values are addressed: wildcards (`*`), recursive descent (`..`), filters
 * (`[?(...)]`), slices (`[0:2]`), unions and negative indexes are refused, so that one path
 * means one value. `$` alone is the whole result.
 *
 * Pure module: no AWS SDK and no aws-cdk-lib, so the hook bundle stays small.
 */

/** One step of a path. */
export type PathSegment =
  /** A dotted segment: an object key, or (when numeric) also an array index. */
  | { readonly name: string }
  /** `[n]`: an array index only. */
  | { readonly index: number }
  /** `['key']`: an object key only. */
  | { readonly key: string };

/** The parsed path, or why it cannot be parsed. */
export type ParsedPath = { readonly segments: PathSegment[]; readonly error?: undefined } | { readonly segments?: undefined; readonly error: string };

/** What to write instead, shown in every refusal. */
export const JSON_PATH_FORMS = "write 'body.items.0.id' or '$.body.items[0].id' (['key'] for a key with dots, brackets or spaces)";

/** Parses one `expectJson` path; never throws. */
export function parseJsonPath(path: string): ParsedPath {
  if (typeof path !== 'string' || path.length === 0) return { error: 'the path is empty' };
  const segments: PathSegment[] = [];
  let i = 0;
  const rooted = path[0] === '$';
  if (rooted) {
    i = 1;
    if (i < path.length && path[i] !== '.' && path[i] !== '[') {
      return { error: `after the root '$' comes '.' or '[', not '${path[i]}'` };
    }
  } else if (path[0] !== '[') {
    const name = readName(path, 0);
    if (name.error !== undefined) return { error: name.error };
    segments.push({ name: name.value });
    i = name.end;
  }
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (path[i + 1] === '.') return { error: `'..' (an empty segment, or JSONPath recursive descent) at character ${i + 1} is not supported` };
      const name = readName(path, i + 1);
      if (name.error !== undefined) return { error: name.error };
      segments.push({ name: name.value });
      i = name.end;
    } else if (c === '[') {
      const bracket = readBracket(path, i);
      if (bracket.error !== undefined) return { error: bracket.error };
      segments.push(bracket.segment);
      i = bracket.end;
    } else {
      return { error: `unexpected '${c}' at character ${i + 1}` };
    }
  }
  return { segments };
}

type Failure = { error: string; value?: undefined; segment?: undefined; end?: undefined };

function readName(path: string, start: number): { value: string; end: number; error?: undefined } | Failure {
  let end = start;
  while (end < path.length && path[end] !== '.' && path[end] !== '[' && path[end] !== ']') end++;
  const value = path.slice(start, end);
  if (value === '') {
    return { error: start >= path.length ? 'the path ends with \'.\' (an empty segment)' : `empty segment at character ${start + 1}` };
  }
  if (path[end] === ']') return { error: `']' at character ${end + 1} closes no '['` };
  if (value === '*') return { error: "the wildcard '*' is not supported (one path must name one value)" };
  return { value, end };
}

function readBracket(path: string, start: number): { segment: PathSegment; end: number; error?: undefined } | Failure {
  const quote = path[start + 1];
  if (quote === "'" || quote === '"') {
    let key = '';
    let i = start + 2;
    for (; i < path.length && path[i] !== quote; i++) {
      if (path[i] === '\\') {
        const next = path[i + 1];
        if (next !== '\\' && next !== "'" && next !== '"') return { error: `unsupported escape '\\${next ?? ''}' at character ${i + 1} (only \\\\, \\' and \\")` };
        key += next;
        i++;
      } else {
        key += path[i];
      }
    }
    if (i >= path.length) return { error: `the quoted key opened at character ${start + 2} is not closed` };
    if (path[i + 1] !== ']') return { error: `expected ']' after the quoted key at character ${i + 2}` };
    return { segment: { key }, end: i + 2 };
  }
  const close = path.indexOf(']', start);
  if (close < 0) return { error: `the '[' at character ${start + 1} is not closed` };
  const inner = path.slice(start + 1, close);
  if (/^(0|[1-9]\d*)$/.test(inner) && Number.isSafeInteger(Number(inner))) return { segment: { index: Number(inner) }, end: close + 1 };
  if (inner === '') return { error: `empty brackets '[]' at character ${start + 1}` };
  if (inner === '*') return { error: "the wildcard '[*]' is not supported (one path must name one value)" };
  if (/^-\d+$/.test(inner)) return { error: `the negative index '[${inner}]' is not supported; index from the start` };
  if (/^\s*-?\d*\s*:/.test(inner) || inner.includes(',') || inner.startsWith('?')) {
    return { error: `'[${inner}]' (a slice, union or filter) is not supported (one path must name one value)` };
  }
  return { error: `'[${inner}]' is neither an array index like [0] nor a quoted key like ['${inner}']` };
}

/**
 * Value at a parsed path: `found` is false if a step is missing. A dotted numeric segment
 * indexes an array or names an object key; `[n]` only indexes an array; `['key']` only names an
 * object key. Keys are own properties only (`toString`, `length` are not found).
 */
export function valueAtSegments(root: unknown, segments: PathSegment[]): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const s of segments) {
    const isObject = typeof current === 'object' && current !== null && !Array.isArray(current);
    if ('index' in s) {
      if (!Array.isArray(current) || s.index >= current.length) return { found: false };
      current = current[s.index];
    } else if ('key' in s) {
      if (!isObject || !Object.prototype.hasOwnProperty.call(current, s.key)) return { found: false };
      current = (current as Record<string, unknown>)[s.key];
    } else if (Array.isArray(current) && /^\d+$/.test(s.name) && Number(s.name) < current.length) {
      current = current[Number(s.name)];
    } else if (isObject && Object.prototype.hasOwnProperty.call(current, s.name)) {
      current = (current as Record<string, unknown>)[s.name];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/**
 * Canonical text of one segment, equal for two spellings of the same step: a non-numeric dotted
 * name and a quoted key (`a` and `['a']`) name the same member.
 */
export function canonicalSegment(s: PathSegment): string {
  if ('index' in s) return `[${s.index}]`;
  if ('key' in s) return `[${JSON.stringify(s.key)}]`;
  return /^\d+$/.test(s.name) ? `.${s.name}` : `[${JSON.stringify(s.name)}]`;
}

/** Canonical text of a parsed path (`a.b[0]` and `$['a'].b[0]` give the same). */
export function canonicalPath(segments: PathSegment[]): string {
  return segments.map(canonicalSegment).join('');
}

/** Structural equality of JSON values (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as never)[k], (b as never)[k]));
}
