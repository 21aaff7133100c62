/**
 * The TypeScript examples of README.md and docs/*.md, completed with their rosetta fixture the
 * way jsii-rosetta completes the README's (rosetta/<name>.ts-fixture, `/// here` replaced by the
 * example, the example's imports and `declare` statements hoisted above it), and type-checked in
 * one TypeScript program against src/.
 *
 * Conventions (docs/README "Examples"):
 * - a ```ts (or ```typescript) fence is compiled; `fixture=<name>` picks rosetta/<name>.ts-fixture,
 *   `nofixture` compiles the example on its own, the default is rosetta/default.ts-fixture;
 * - `<!-- no-compile -->` on the line before the fence leaves one example out (docs/*.md only:
 *   jsii-rosetta compiles every README example).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

export const ROOT = path.join(__dirname, '..', '..');
export const NO_COMPILE = '<!-- no-compile -->';

export interface DocSnippet {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The example as written. */
  readonly source: string;
  /** The fence's parameters, e.g. `{ fixture: 'with-imports' }`. */
  readonly parameters: Record<string, string>;
}

/** README.md and every docs/*.md, relative to the repository root. */
export function markdownFiles(root = ROOT): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

/** The TypeScript examples of one Markdown text, without those marked `<!-- no-compile -->`. */
export function extractSnippets(file: string, markdown: string): DocSnippet[] {
  const lines = markdown.split('\n');
  const snippets: DocSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\w+)?(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const close = lines.findIndex((l, j) => j > i && l.trim() === fence);
    const end = close === -1 ? lines.length : close;
    const previous = lines.slice(0, i).reverse().find((l) => l.trim() !== '');
    if ((lang === 'ts' || lang === 'typescript') && previous?.trim() !== NO_COMPILE) {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      snippets.push({ file, line: i + 1, source: body.join('\n'), parameters: parseParameters(rest) });
    }
    i = end;
  }
  return snippets;
}

function parseParameters(text: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, ...value] = word.split('=');
    parameters[key] = value.join('=');
  }
  return parameters;
}

/** The example completed with its fixture, as jsii-rosetta completes it. */
export function completeSnippet(snippet: DocSnippet, root = ROOT): string {
  if ('nofixture' in snippet.parameters) return snippet.source;
  const name = snippet.parameters.fixture || 'default';
  const fixtureFile = path.join(root, 'rosetta', `${name}.ts-fixture`);
  if (!fs.existsSync(fixtureFile)) {
    throw new Error(`${snippet.file}:${snippet.line}: fixture=${name} names no file rosetta/${name}.ts-fixture`);
  }
  const fixture = fs.readFileSync(fixtureFile, 'utf8');
  const here = /[/]{3}[ \t]*here[ \t]*$/m;
  if (!here.test(fixture)) throw new Error(`rosetta/${name}.ts-fixture has no '/// here' line`);
  const { imports, statements } = sidelineImports(snippet.source);
  return `${imports}\n${fixture.replace(here, () => statements)}`;
}

/** Imports and `declare` statements move to the top of the file, as jsii-rosetta moves them. */
function sidelineImports(source: string): { imports: string; statements: string } {
  const file = ts.createSourceFile('snippet.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let imports = '';
  let statements = '';
  for (const statement of file.statements) {
    const hoisted = ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)
      || (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword));
    if (hoisted) imports += statement.getFullText(file);
    else statements += statement.getFullText(file);
  }
  return { imports, statements };
}

/**
 * Type-checks every snippet in one program, `cdk-safe-deploy` resolving to src/index.ts and
 * with Node.js types (examples of handler code use them; jsii-rosetta, which compiles the README's, has none). Returns the error messages per snippet.
 */
export function typeCheck(snippets: DocSnippet[], root = ROOT): string[][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-snippets-'));
  try {
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const files = snippets.map((s, i) => {
      const file = path.join(dir, `${String(i).padStart(3, '0')}-${s.file.replace(/\W+/g, '-')}-L${s.line}.ts`);
      fs.writeFileSync(file, completeSnippet(s, root));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      baseUrl: dir,
      paths: { 'cdk-safe-deploy': [path.join(root, 'src', 'index.ts')] },
    });
    return files.map((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const code = where && d.file ? d.file.text.split('\n')[where.line].trim() : '';
      return `TS${d.code}: ${text}${code ? ` (in \`${code}\`)` : ''}`;
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
