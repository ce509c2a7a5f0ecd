import path from 'node:path';
import { extractExamples, typeCheckExamples } from '../src';

const dir = path.resolve(__dirname, '..');

describe('typeCheckExamples', () => {
  it('places each compiler error on its README line', () => {
    const markdown = [
      '# Example', // 1
      '```ts', // 2
      "import { createThrottle } from '@ws-isolation/throttle';", // 3
      '', // 4
      'const throttle = createThrottle({ concurrency: 2 });', // 5
      'throttle.acquire({ key: 42 });', // 6
      '```', // 7
    ].join('\n');
    const [example] = extractExamples(markdown, 'README.md');
    const problems = typeCheckExamples([example!], dir).get(example!);
    expect(problems?.map(({ line }) => line)).toEqual([6]);
  });

  it('accepts a correct example, with top-level await, against the built package', () => {
    const code = [
      "import { createThrottle } from '@ws-isolation/throttle';",
      'const permit = await createThrottle({ concurrency: 2 }).acquire({ key: "a" });',
      'permit.release();',
    ].join('\n');
    const [example] = extractExamples(`\`\`\`ts\n${code}\n\`\`\`\n`, 'README.md');
    expect(typeCheckExamples([example!], dir).get(example!)).toEqual([]);
  });

  it('compiles each example as a module of its own', () => {
    const block = '```ts\nconst server = 1;\nexport {};\n```\n';
    const examples = extractExamples(block + block.replace('export {};\n', ''), 'README.md');
    const problems = typeCheckExamples(examples, dir);
    expect(examples.map((example) => problems.get(example))).toEqual([[], []]);
  });

  it('reports an import the package does not export', () => {
    const [example] = extractExamples(
      "```ts\nimport { ManualClock } from '@ws-isolation/throttle';\n```\n",
      'README.md',
    );
    expect(typeCheckExamples([example!], dir).get(example!)).toHaveLength(1);
  });
});
