import fs from 'node:fs';
import path from 'node:path';
import { extractExamples, typeCheckExamples } from '../src';

// Every README a user reads: the root one and each package's (apps and bench have none with code).
const root = path.resolve(__dirname, '../../..');
const readmes = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'packages'))
    .map((name) => `packages/${name}/README.md`)
    .filter((file) => fs.existsSync(path.join(root, file))),
];
const examples = readmes.flatMap((file) => extractExamples(fs.readFileSync(path.join(root, file), 'utf8'), file));
const checked = examples.filter((example) => example.notChecked === undefined);
const problems = typeCheckExamples(checked, path.resolve(__dirname, '..'));

describe('README examples type-check against the built packages', () => {
  it('finds the examples', () => {
    expect(checked.length).toBeGreaterThanOrEqual(10);
  });

  it.each(checked.map((example) => [`${example.file}:${example.line}`, example] as const))('%s', (_where, example) => {
    const found = (problems.get(example) ?? []).map(({ line, message }) => `${example.file}:${line}: ${message}`);
    expect(found).toEqual([]);
  });
});
