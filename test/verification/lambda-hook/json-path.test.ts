import { canonicalPath, parseJsonPath, valueAtSegments } from '../../../src/verification/lambda-hook/json-path';

function at(root: unknown, path: string): { found: boolean; value?: unknown } {
  const parsed = parseJsonPath(path);
  if (parsed.error !== undefined) throw new Error(parsed.error);
  return valueAtSegments(root, parsed.segments);
}

describe('parseJsonPath', () => {
  test.each([
    ['a.b.0.c', [{ name: 'a' }, { name: 'b' }, { name: '0' }, { name: 'c' }]],
    ['$.a.b[0].c', [{ name: 'a' }, { name: 'b' }, { index: 0 }, { name: 'c' }]],
    ['a.b[0]', [{ name: 'a' }, { name: 'b' }, { index: 0 }]],
    ["$['a.b'][\"c d\"]", [{ key: 'a.b' }, { key: 'c d' }]],
    ["['$oid']", [{ key: '$oid' }]],
    ["$['it\\'s']", [{ key: "it's" }]],
    ['$[12][3]', [{ index: 12 }, { index: 3 }]],
    ['$', []],
    ['statusCode', [{ name: 'statusCode' }]],
  ])('parses %s', (path, segments) => {
    expect(parseJsonPath(path)).toEqual({ segments });
  });

  test.each([
    ['', /the path is empty/],
    ['a..b', /'\.\.' \(an empty segment, or JSONPath recursive descent\) at character 2/],
    ['$..a', /'\.\.'/],
    ['.a', /empty segment at character 1/],
    ['a.', /ends with '\.'/],
    ['a[0', /the '\[' at character 2 is not closed/],
    ['a]', /'\]' at character 2 closes no '\['/],
    ['a[]', /empty brackets/],
    ['a[x]', /'\[x\]' is neither an array index like \[0\] nor a quoted key like \['x'\]/],
    ['a[-1]', /negative index '\[-1\]' is not supported/],
    ['a[0:2]', /slice, union or filter/],
    ['a[0,1]', /slice, union or filter/],
    ['$[?(@.x)]', /slice, union or filter/],
    ['a[*]', /wildcard '\[\*\]'/],
    ['a.*', /wildcard '\*'/],
    ["a['b]", /quoted key opened at character 3 is not closed/],
    ["a['b'x]", /expected '\]' after the quoted key/],
    ["a['\\n']", /unsupported escape '\\n'/],
    ['$a', /after the root '\$' comes '\.' or '\[', not 'a'/],
    ['a[0]b', /unexpected 'b' at character 5/],
    ['a[01]', /neither an array index/],
  ])('refuses %j', (path, message) => {
    expect(parseJsonPath(path).error).toMatch(message);
  });
});

describe('valueAtSegments', () => {
  const doc = { a: { 'b': [{ c: 1 }, { c: null }], 'x.y': 'dotted', '0': 'zero-key' }, list: ['p', 'q'] };

  test.each([
    ['a.b.0.c', { found: true, value: 1 }],
    ['$.a.b[0].c', { found: true, value: 1 }],
    ['a.b[1].c', { found: true, value: null }],
    ["$.a['x.y']", { found: true, value: 'dotted' }],
    ['a.0', { found: true, value: 'zero-key' }], // a dotted numeric segment also names an object key
    ['$.list[1]', { found: true, value: 'q' }],
    ['list.1', { found: true, value: 'q' }],
    ['$', { found: true, value: doc }],
    ['$.a[0]', { found: false }], // [0] indexes arrays only
    ["$.list['0']", { found: false }], // ['0'] names object keys only
    ['a.b[2]', { found: false }],
    ['a.x.y', { found: false }],
    ['list.length', { found: false }],
    ['toString', { found: false }],
  ])('%s', (path, expected) => {
    expect(at(doc, path)).toEqual(expected);
  });
});

test('two spellings of a path have the same canonical form', () => {
  const canonical = (p: string) => canonicalPath(parseJsonPath(p).segments!);
  expect(canonical('a.b[0]')).toBe(canonical("$['a'].b[0]"));
  expect(canonical('a.b.0')).not.toBe(canonical('a.b[0]')); // a dotted 0 may also be a key
});
