// Installs every public package the way a user does (from its packed tarball,
// with plain npm, outside the workspace) and proves each entry point loads from
// CJS and ESM and type-checks under every module resolution (type-checks.mjs).
// publint and @arethetypeswrong/cli run on each package, and every declaration
// file must be named after an entry point; any error fails the check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { declarationsWithoutEntry } from './declaration-names.mjs';
import { MATCHER_CHECK_PACKAGES, writeTypeChecks } from './type-checks.mjs';

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

/**
 * Entry points that are a test runner's setup file (`@ws-isolation/vitest/setup`): listed in the
 * package's `sideEffects`, they run only inside their runner (they register its hooks), so they are
 * type-checked but not loaded here.
 */
function setupEntryPoints(manifest) {
  const sideEffects = Array.isArray(manifest.sideEffects) ? manifest.sideEffects : [];
  return Object.entries(manifest.exports ?? {})
    .filter(([, target]) => sideEffects.includes(target?.import?.default))
    .map(([key]) => `${manifest.name}/${key.slice(2)}`);
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
      // The strict profile: node10, node16 (CJS and ESM) and bundler resolution.
      run(ownBin('attw'), [tarball, '--format', 'ascii']);
      const unnamed = declarationsWithoutEntry(run('tar', ['-tzf', tarball]).split('\n'));
      if (unnamed.length > 0) {
        throw new Error(
          `pack-check: ${manifest.name}: declarations not named after an entry point: ${unnamed.join(', ')}`,
        );
      }
      console.log(
        `pack-check: ${manifest.name}: packed, publint and attw clean, declarations named after entry points`,
      );
    }

    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'pack-check-consumer', version: '1.0.0', private: true }, null, 2),
    );
    // npm leaves optional peers out; an entry point that needs one (the jsdom environment) is loaded with it, as its users have it.
    const optionalPeers = packages.flatMap(({ manifest }) =>
      Object.keys(manifest.peerDependenciesMeta ?? {})
        .filter((name) => manifest.peerDependenciesMeta[name].optional === true)
        .map((name) => `${name}@${manifest.peerDependencies[name]}`),
    );
    const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error'];
    run('npm', [...install, ...files, ...MATCHER_CHECK_PACKAGES, ...optionalPeers], { cwd: project });

    const specifiers = packages.flatMap(({ manifest }) => entryPoints(manifest));
    const setupFiles = new Set(packages.flatMap(({ manifest }) => setupEntryPoints(manifest)));
    const loadable = specifiers.filter((s) => !setupFiles.has(s));
    const cjs = loadable
      .map(
        (s) =>
          `{ const m = require(${JSON.stringify(s)}); if (Object.keys(m).length === 0) throw new Error('empty CJS exports: ${s}'); }`,
      )
      .join('\n');
    const esm = loadable
      .map(
        (s, i) =>
          `import * as m${i} from ${JSON.stringify(s)};\nif (Object.keys(m${i}).length === 0) throw new Error('empty ESM exports: ${s}');`,
      )
      .join('\n');
    fs.writeFileSync(path.join(project, 'check.cjs'), cjs + '\nconsole.log("cjs ok");\n');
    fs.writeFileSync(path.join(project, 'check.mjs'), esm + '\nconsole.log("esm ok");\n');
    run('node', ['check.cjs'], { cwd: project });
    run('node', ['check.mjs'], { cwd: project });

    for (const { mode, tsconfig } of writeTypeChecks(project, specifiers)) {
      run(rootBin('tsc'), ['-p', tsconfig], { cwd: project });
      console.log(`pack-check: every entry point type-checks under ${mode} resolution`);
    }
    console.log(
      `pack-check: ${loadable.length} entry points installed from tarballs load from CJS and ESM: ${loadable.join(', ')}` +
        (setupFiles.size > 0 ? `; setup files type-checked only: ${[...setupFiles].join(', ')}` : ''),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
