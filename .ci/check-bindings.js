// Fails unless jsii-pacmak generated source code for every jsii target language.
const fs = require('fs');
const path = require('path');

const out = process.argv[2] || '.jsii-pacmak';
const expected = {
  python: /\.py$/,
  java: /\.java$/,
  dotnet: /\.cs$/,
  go: /\.go$/,
};

function walk(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else files.push(full);
  }
  return files;
}

let failed = false;
for (const [lang, pattern] of Object.entries(expected)) {
  const dir = path.join(out, lang);
  const files = fs.existsSync(dir) ? walk(dir).filter((f) => pattern.test(f)) : [];
  if (files.length === 0) {
    console.error(`bindings: no ${lang} sources generated under ${dir}`);
    failed = true;
    continue;
  }
  const mentions = files.some((f) => /TrafficShift/.test(fs.readFileSync(f, 'utf8')));
  if (!mentions) {
    console.error(`bindings: ${lang} sources do not declare the library's types (TrafficShift not found)`);
    failed = true;
    continue;
  }
  console.log(`bindings: ${lang}: ${files.length} source files`);
}

// The README's examples reach the Python package translated (jsii-rosetta's tablet), not as TypeScript
// inside a python fence, which is what jsii-pacmak writes for an example it finds no translation of.
const pythonReadme = path.join(out, 'python', 'README.md');
if (fs.existsSync(pythonReadme)) {
  const blocks = [...fs.readFileSync(pythonReadme, 'utf8').matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm)];
  const python = blocks.filter((b) => b[1] === 'python');
  const typescript = blocks.filter((b) => ['ts', 'typescript'].includes(b[1])
    || (b[1] === 'python' && /^\s*(import .* from '|const |let |new )/m.test(b[2])));
  if (python.length === 0 || typescript.length > 0) {
    console.error(`bindings: python README.md: ${typescript.length} of ${blocks.length} examples are TypeScript, `
      + `${python.length} python (run jsii-rosetta extract before jsii-pacmak)`);
    failed = true;
  } else {
    console.log(`bindings: python README.md: ${python.length} examples translated`);
  }
}
process.exit(failed ? 1 : 0);
