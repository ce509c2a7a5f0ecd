import { extractExamples, MissingReasonError } from '../src';

const readme = [
  '# A package', // 1
  '', // 2
  '```ts', // 3
  "import { a } from 'a';", // 4
  '```', // 5
  '', // 6
  '```sh', // 7
  'npm install a', // 8
  '```', // 9
  '````typescript', // 10
  '```ts', // 11
  '````', // 12
  '```ts', // 13
  '// not type-checked: a shape, not code', // 14
  '{ a: number }', // 15
  '```', // 16
].join('\n');

describe('extractExamples', () => {
  it('returns the ts and typescript blocks with the README line of their first code line', () => {
    const examples = extractExamples(readme, 'README.md');
    expect(examples.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 4, code: "import { a } from 'a';" },
      { line: 11, code: '```ts' },
      { line: 14, code: '// not type-checked: a shape, not code\n{ a: number }' },
    ]);
  });

  it('keeps the reason of a block that opts out', () => {
    const examples = extractExamples(readme, 'README.md');
    expect(examples.map((example) => example.notChecked)).toEqual([undefined, undefined, 'a shape, not code']);
  });

  it('refuses an opt-out without a reason', () => {
    const markdown = '```ts\n// not type-checked\nconst a = 1;\n```\n';
    let thrown: unknown;
    try {
      extractExamples(markdown, 'README.md');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MissingReasonError);
    expect((thrown as MissingReasonError).code).toBe('ERR_WSI_EXAMPLE_NO_REASON');
  });
});
