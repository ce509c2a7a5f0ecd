// Sums the .jest-totals.json lines every Jest run wrote and prints
// one line: `N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const skip = new Set(['node_modules', '.git', 'dist', '.turbo']);

function* findTotals(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* findTotals(full);
    else if (entry.name === '.jest-totals.json') yield full;
  }
}

let passed = 0;
let failed = 0;
for (const file of findTotals(root)) {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const totals = JSON.parse(line);
    passed += totals.passed;
    failed += totals.failed;
  }
}
console.log(`${passed} passed, ${failed} failed`);
