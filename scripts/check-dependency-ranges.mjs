// What users install shares dependencies with their application; what we
// develop with is reproducible. So a published package declares its runtime
// and peer dependencies as caret ranges (an application on another `ws` 8.x
// keeps one copy), and every package pins its dev dependencies exactly (the
// lockfile holds the resolved versions of both).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const CARET = /^\^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const WORKSPACE = /^workspace:[*^]$/;

const manifests = ['package.json', 'bench/package.json']
  .concat(
    ['packages', 'apps'].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir)).map((name) => path.join(dir, name, 'package.json')),
    ),
  )
  .filter((file) => fs.existsSync(path.join(root, file)));

const problems = [];
for (const file of manifests) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  for (const [name, version] of Object.entries(manifest.devDependencies ?? {})) {
    if (!EXACT.test(version) && !WORKSPACE.test(version))
      problems.push(`${file}: devDependency ${name} ${version} is not an exact version`);
  }
  if (manifest.private) continue;
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [name, version] of Object.entries(manifest[field] ?? {})) {
      if (version !== 'workspace:^' && !CARET.test(version))
        problems.push(`${file}: ${field} ${name} ${version} is not a caret range (or workspace:^)`);
    }
  }
}

if (problems.length > 0) {
  console.log(`dependency ranges: ${problems.length} problem(s):\n${problems.map((line) => `  ${line}`).join('\n')}`);
  process.exit(1);
}
console.log(`dependency ranges: ${manifests.length} package.json files, runtime ranges and exact dev pins`);
