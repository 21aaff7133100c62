/**
 * A small EventBridge event-pattern matcher, for the patterns these tests use. Semantics from the
 * EventBridge User Guide, "Amazon EventBridge event patterns" and "Content filtering":
 * - every field of the pattern must match; a pattern value is a list of matchers, any of which may match;
 * - a nested object matches the event's object at the same key;
 * - when the event's value is a list, it matches if any of its elements matches;
 * - `{ prefix }` matches a string that starts with it; `{ 'anything-but': { prefix } }` matches a
 *   string that does not (a missing field matches neither);
 * - `$or` holds sub-patterns, any of which may match.
 * Anything else throws, so a pattern using more than this cannot pass by accident.
 */
export function matches(pattern: Record<string, unknown>, event: unknown): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  const e = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, value]) => {
    if (key === '$or') {
      if (!Array.isArray(value)) throw new Error('$or takes a list of patterns');
      return value.some((sub) => matches(sub as Record<string, unknown>, event));
    }
    if (Array.isArray(value)) return key in e && valuesOf(e[key]).some((v) => value.some((m) => matchOne(m, v)));
    if (typeof value === 'object' && value !== null) return key in e && matches(value as Record<string, unknown>, e[key]);
    throw new Error(`unsupported pattern value at ${key}: ${JSON.stringify(value)}`);
  });
}

function valuesOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function matchOne(matcher: unknown, value: unknown): boolean {
  if (typeof matcher === 'string' || typeof matcher === 'number' || typeof matcher === 'boolean' || matcher === null) return matcher === value;
  if (typeof matcher !== 'object') throw new Error(`unsupported matcher ${JSON.stringify(matcher)}`);
  const m = matcher as Record<string, any>;
  const keys = Object.keys(m);
  if (keys.length === 1 && keys[0] === 'prefix' && typeof m.prefix === 'string') {
    return typeof value === 'string' && value.startsWith(m.prefix);
  }
  if (keys.length === 1 && keys[0] === 'anything-but' && typeof m['anything-but']?.prefix === 'string' && Object.keys(m['anything-but']).length === 1) {
    return typeof value === 'string' && !value.startsWith(m['anything-but'].prefix);
  }
  throw new Error(`unsupported matcher ${JSON.stringify(matcher)}`);
}

/** The value at an input-transformer path (`$.a.b`, `$.a[0]`), or undefined. */
export function atPath(event: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`not a JSON path: ${path}`);
  const steps = [...path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)];
  if (steps.map((s) => s[0]).join('') !== path.slice(1)) throw new Error(`unsupported JSON path: ${path}`);
  let v: any = event;
  for (const s of steps) {
    if (v === undefined || v === null) return undefined;
    v = s[1] !== undefined ? v[s[1]] : v[Number(s[2])];
  }
  return v;
}

/**
 * What EventBridge delivers for an input transformer: for a string template (a JSON string), its
 * text with each `<name>` replaced by the value at its path; for an object template, the JSON with
 * each `<name>` inside a string replaced by the value, kept valid JSON (EventBridge User Guide,
 * "Amazon EventBridge input transformation"). Throws when a path finds nothing.
 */
export function transform(paths: Record<string, string>, inputTemplate: string, event: unknown): unknown {
  const value = (name: string): string => {
    if (!(name in paths)) throw new Error(`placeholder <${name}> has no path`);
    const v = atPath(event, paths[name]);
    if (v === undefined) throw new Error(`path ${paths[name]} of <${name}> is not in the event`);
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const fill = (text: string) => text.replace(/<([A-Za-z0-9_]+)>/g, (_, name: string) => value(name));
  const parsed = JSON.parse(inputTemplate) as unknown;
  const walk = (x: unknown): unknown => typeof x === 'string' ? fill(x)
    : Array.isArray(x) ? x.map(walk)
      : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)])) : x;
  return walk(parsed);
}
