import * as fs from 'fs';
import * as path from 'path';
import { completeSnippet, DocSnippet, extractSnippets, markdownFiles, NO_COMPILE, ROOT, typeCheck } from '../support/doc-snippets';

const snippets = markdownFiles().flatMap((file) => extractSnippets(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));

/** Two examples that must not compile, checked in the same program as the real ones. */
const broken: DocSnippet[] = [
  { file: 'broken.md', line: 1, parameters: {}, source: "const zones: number = 'three';" },
  { file: 'broken.md', line: 5, parameters: {}, source: "new MultiAzService(this, 'Svc', { zones: 3, noSuchProp: true });" },
];

// One TypeScript program for all of them: one compilation instead of one per example.
const errors = typeCheck([...snippets, ...broken]);

describe('TypeScript examples in README.md and docs/*.md', () => {
  test('README.md and the docs have examples to check', () => {
    expect(snippets.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(4);
    expect(snippets.filter((s) => s.file.startsWith('docs/')).length).toBeGreaterThanOrEqual(1);
  });

  test.each(snippets.map((s, i) => [`${s.file}:${s.line}`, i] as const))('%s compiles', (_where, i) => {
    expect(errors[i]).toEqual([]);
  });

  test('an example that does not type-check is reported', () => {
    const [wrongType, unknownProp] = errors.slice(snippets.length);
    expect(wrongType).toEqual([expect.stringMatching(/^TS2322: Type 'string' is not assignable to type 'number'/)]);
    expect(unknownProp).toEqual([expect.stringMatching(/^TS2353: .*'noSuchProp'/)]);
  });
});

describe('extracting examples', () => {
  const md = [
    '```ts fixture=with-imports', "import { Duration } from 'aws-cdk-lib';", 'Duration.minutes(1);', '```',
    NO_COMPILE, '', '```ts', 'not compiled', '```',
    '```sh', 'npm ci', '```',
    '- a list item', '  ```typescript nofixture', '  const x = 1;', '  ```',
  ].join('\n');

  test('reads ts and typescript fences with their parameters, skips no-compile and other languages', () => {
    expect(extractSnippets('x.md', md)).toEqual([
      { file: 'x.md', line: 1, parameters: { fixture: 'with-imports' }, source: "import { Duration } from 'aws-cdk-lib';\nDuration.minutes(1);" },
      { file: 'x.md', line: 14, parameters: { nofixture: '' }, source: 'const x = 1;' },
    ]);
  });

  test('hoists imports and declarations above the fixture', () => {
    const source = "import { Duration } from 'aws-cdk-lib';\ndeclare const n: number;\nDuration.minutes(n);";
    const complete = completeSnippet({ file: 'x.md', line: 1, parameters: { fixture: 'with-imports' }, source });
    expect(complete.indexOf("import { Duration } from 'aws-cdk-lib';")).toBeLessThan(complete.indexOf('class Fixture'));
    expect(complete.indexOf('declare const n: number;')).toBeLessThan(complete.indexOf('class Fixture'));
    expect(complete.indexOf('Duration.minutes(n);')).toBeGreaterThan(complete.indexOf('super(scope, id);'));
  });

  test('fails when a fence names a fixture that does not exist', () => {
    expect(() => completeSnippet({ file: 'x.md', line: 3, parameters: { fixture: 'nope' }, source: '' }))
      .toThrow(/x\.md:3: fixture=nope names no file rosetta\/nope\.ts-fixture/);
  });
});
