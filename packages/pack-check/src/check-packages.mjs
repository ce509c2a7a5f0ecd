// Installs every public package the way a user does (from its packed tarball,
// with plain npm, outside the workspace) and proves each entry point loads from
// CJS, ESM and TypeScript. publint and @arethetypeswrong/cli run on each
// package; any error fails the check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const rootBin = (name) => path.join(root, 'node_modules', '.bin', name);
const ownBin = (name) => path.join(here, '..', 'node_modules', '.bin', name);

function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
      ...options,
    });
  } catch (error) {
    process.stderr.write(`\n$ ${command} ${args.join(' ')}\n${error.stdout ?? ''}${error.stderr ?? ''}\n`);
    throw new Error(
      `pack-check: "${path.basename(command)} ${args[0] ?? ''}" failed (exit ${error.status ?? error.signal})`,
      { cause: error },
    );
  }
}

function publicPackages() {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((pkgDir) => fs.existsSync(path.join(pkgDir, 'package.json')))
    .map((pkgDir) => ({
      dir: pkgDir,
      manifest: JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => !manifest.private);
}

/** Every import specifier a package's exports map offers, except its package.json. */
function entryPoints(manifest) {
  const keys = Object.keys(manifest.exports ?? { '.': null }).filter((key) => key !== './package.json');
  return keys.map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

function main() {
  const packages = publicPackages();
  if (packages.length === 0) throw new Error('pack-check: no public packages found');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-isolation-pack-'));
  const tarballs = path.join(work, 'tarballs');
  const project = path.join(work, 'project');
  fs.mkdirSync(tarballs);
  fs.mkdirSync(project);
  try {
    const files = [];
    for (const { dir, manifest } of packages) {
      for (const file of fs.readdirSync(dir)) if (file.endsWith('.tgz')) fs.rmSync(path.join(dir, file));
      const packed = run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir })
        .trim()
        .split('\n')
        .pop()
        .trim();
      const tarball = path.isAbsolute(packed) ? packed : path.join(tarballs, path.basename(packed));
      files.push(tarball);
      run(ownBin('publint'), ['run', dir, '--level', 'error']);
      run(ownBin('attw'), [tarball, '--profile', 'node16', '--format', 'ascii']);
      console.log(`pack-check: ${manifest.name}: packed, publint and attw clean`);
    }

    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'pack-check-consumer', version: '1.0.0', private: true }, null, 2),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', ...files], {
      cwd: project,
    });

    const specifiers = packages.flatMap(({ manifest }) => entryPoints(manifest));
    const cjs = specifiers
      .map(
        (s) =>
          `{ const m = require(${JSON.stringify(s)}); if (Object.keys(m).length === 0) throw new Error('empty CJS exports: ${s}'); }`,
      )
      .join('\n');
    const esm = specifiers
      .map(
        (s, i) =>
          `import * as m${i} from ${JSON.stringify(s)};\nif (Object.keys(m${i}).length === 0) throw new Error('empty ESM exports: ${s}');`,
      )
      .join('\n');
    fs.writeFileSync(path.join(project, 'check.cjs'), cjs + '\nconsole.log("cjs ok");\n');
    fs.writeFileSync(path.join(project, 'check.mjs'), esm + '\nconsole.log("esm ok");\n');
    run('node', ['check.cjs'], { cwd: project });
    run('node', ['check.mjs'], { cwd: project });

    const ts = specifiers
      .map(
        (s, i) => `import * as m${i} from ${JSON.stringify(s)};\nexport const keys${i}: string[] = Object.keys(m${i});`,
      )
      .join('\n');
    fs.writeFileSync(path.join(project, 'check.mts'), ts + '\n');
    fs.writeFileSync(path.join(project, 'check.cts'), ts + '\n');
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            lib: ['es2022', 'dom'],
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: [],
            typeRoots: [path.join(root, 'node_modules', '@types')],
          },
          files: ['check.mts', 'check.cts'],
        },
        null,
        2,
      ),
    );
    run(rootBin('tsc'), ['-p', 'tsconfig.json'], { cwd: project });
    console.log(
      `pack-check: ${specifiers.length} entry points installed from tarballs load from CJS, ESM and TypeScript: ${specifiers.join(', ')}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
