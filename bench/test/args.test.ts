import { ArgumentError, parseArgs, usage, type Flags } from '../src/args';

const FLAGS = {
  runs: { type: 'count', default: 5, help: 'measured runs' },
  pool: { type: 'text', default: 'forks', choices: ['forks', 'threads'], help: "Vitest's pool" },
  filter: { type: 'text', help: 'only matching cases' },
  'no-write': { type: 'switch', help: 'write nothing' },
} as const satisfies Flags;

function refusal(argv: readonly string[]): ArgumentError {
  try {
    parseArgs(FLAGS, argv);
  } catch (error) {
    if (error instanceof ArgumentError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseArgs', () => {
  it('gives every flag its default when none is given', () => {
    expect(parseArgs(FLAGS, [])).toEqual({ runs: 5, pool: 'forks', filter: undefined, 'no-write': false });
  });

  it('reads the values given, and skips the -- that pnpm passes on', () => {
    expect(parseArgs(FLAGS, ['--', '--runs', '3', '--no-write', '--pool', 'threads', '--filter', 'echo'])).toEqual({
      runs: 3,
      pool: 'threads',
      filter: 'echo',
      'no-write': true,
    });
  });

  it('refuses an unknown flag, naming the one it most likely meant', () => {
    const error = refusal(['--run', '3']);
    expect(error.code).toBe('ERR_WSI_BENCH_ARGUMENT');
    expect(error.message).toBe('unknown flag --run; did you mean --runs?');
    expect(refusal(['--verbose']).message).toBe('unknown flag --verbose');
  });

  it('refuses a count that is not a whole number >= 1', () => {
    for (const value of ['three', '0', '2.5', '-1'])
      expect(refusal(['--runs', value]).code).toBe('ERR_WSI_BENCH_ARGUMENT');
  });

  it('refuses a flag without its value, a value not among the choices, and a stray word', () => {
    expect(refusal(['--runs']).code).toBe('ERR_WSI_BENCH_ARGUMENT');
    expect(refusal(['--filter', '--no-write']).code).toBe('ERR_WSI_BENCH_ARGUMENT');
    expect(refusal(['--pool', 'fork']).code).toBe('ERR_WSI_BENCH_ARGUMENT');
    expect(refusal(['3']).code).toBe('ERR_WSI_BENCH_ARGUMENT');
  });
});

describe('usage', () => {
  it('shows every flag with its default, then a line of help each', () => {
    expect(usage('node dist/x.js', FLAGS).split('\n')).toEqual([
      'usage: node dist/x.js [--runs 5] [--pool forks] [--filter TEXT] [--no-write]',
      '  --runs 5       measured runs',
      "  --pool forks   Vitest's pool",
      '  --filter TEXT  only matching cases',
      '  --no-write     write nothing',
    ]);
  });
});
