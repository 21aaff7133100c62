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
process.exit(failed ? 1 : 0);
