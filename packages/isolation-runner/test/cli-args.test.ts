import { IsolationErrorCode, parseCliArgs, runCli } from '../src';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('parseCliArgs', () => {
  it('reads every flag of the documented command line', () => {
    const args = parseCliArgs([
      'run',
      '--cwd',
      'app',
      '--config',
      'jest.config.js',
      '--filter',
      'session',
      '--timeout',
      '5000',
      '--suite-timeout',
      '60000',
      '--workers',
      '3',
      '--out',
      'reports',
      '--format',
      'md,junit',
      '--no-bisect',
      '--repeat',
      '2',
      '--seed',
      '7',
      '--quiet',
    ]);
    expect(args).toEqual({
      command: 'run',
      reports: [],
      options: {
        cwd: 'app',
        config: 'jest.config.js',
        filter: 'session',
        timeoutMs: 5000,
        suiteTimeoutMs: 60000,
        workers: 3,
        repeat: 2,
        seed: 7,
        bisect: false,
      },
      out: 'reports',
      formats: ['md', 'junit'],
      quiet: true,
      help: false,
    });
  });

  it('defaults to every format, progress on, and the default report directory', () => {
    expect(parseCliArgs([])).toEqual({
      command: 'run',
      reports: [],
      options: {},
      out: 'ws-isolation-report',
      formats: ['md', 'json', 'junit', 'html'],
      quiet: false,
      help: false,
    });
    expect(parseCliArgs(['--bisect']).options.bisect).toBe(true);
  });

  it.each([
    [['--timeout', 'soon']],
    [['--workers', '1.5']],
    [['--format', 'md,pdf']],
    [['--format', '']],
    [['--nope']],
    [['--cwd']],
    [['walk']],
    [['run', 'extra']],
  ])('rejects %j with ERR_WSI_INVALID_OPTION', (argv) => {
    expect(codeOf(() => parseCliArgs(argv))).toBe(IsolationErrorCode.INVALID_OPTION);
  });
});

describe('runCli', () => {
  it('returns 2 and prints the code for options that parse but are out of range', async () => {
    let stderr = '';
    const code = await runCli(['--workers', '0'], { stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect(code).toBe(2);
    expect(stderr).toContain('ERR_WSI_INVALID_OPTION');
    expect(stderr).toContain('--workers must be an integer >= 1; received 0');
  });
});
