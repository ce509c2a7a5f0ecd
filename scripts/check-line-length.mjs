// Fails when a source line is longer than MAX_LINE_LENGTH characters. Prettier
// (print width 120) wraps code but leaves long strings, template literals and
// comments alone; this check catches those. It reads the files git knows (so
// dist and node_modules are never looked at) and skips fixture projects, whose
// lines stand for user code that tests assert on.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LINE_LENGTH = 160;
const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const SKIPPED = /(?:^|\/)(?:test\/fixtures|dist|node_modules)\//;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter((file) => SOURCE_FILE.test(file) && !SKIPPED.test(file) && fs.existsSync(path.join(root, file)));

const offenders = [];
for (const file of files) {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  lines.forEach((line, index) => {
    // Code points, not UTF-16 units: an arrow or a quote mark is one character.
    const length = [...line].length;
    if (length > MAX_LINE_LENGTH) offenders.push({ file, line: index + 1, length });
  });
}

const show = ({ file, line, length }) => `  ${file}:${line} (${length} characters)`;

if (offenders.length > 0) {
  console.log(`line length: ${offenders.length} line(s) over ${MAX_LINE_LENGTH} characters:`);
  console.log(offenders.map(show).join('\n'));
  process.exit(1);
}
console.log(`line length: ${files.length} source files, no line over ${MAX_LINE_LENGTH} characters`);
