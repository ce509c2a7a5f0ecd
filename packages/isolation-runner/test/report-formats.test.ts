import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  escapeXml,
  findCommonPatterns,
  formatJunit,
  formatMarkdown,
  IsolationErrorCode,
  REPORT_FILES,
  writeReports,
} from '../src';
import { tempDir } from './helpers';
import { sampleReport } from './report-fixture';

const tricky = sampleReport([
  {
    name: 'a <b> & "c" \u0007 | d',
    file: 'x.test.js',
    isolated: { status: 'pass', durationMs: 3 },
    suite: { status: 'pass', durationMs: 2 },
    class: 'pass',
    orderDependent: false,
  },
  {
    name: 'victim',
    file: 'x.test.js',
    isolated: { status: 'pass', durationMs: 3 },
    suite: {
      status: 'fail',
      durationMs: 2,
      note: 'Expected: false',
      log: ['Error: ]]> </failure>', 'Expected: false'],
    },
    class: 'polluted',
    orderDependent: true,
    pollutedBy: ['a <b> & "c" \u0007 | d'],
    bisection: { runs: 2, reproduced: true, note: 'fails after a' },
  },
  {
    name: 'hangs',
    file: 'y.test.js',
    isolated: {
      status: 'hang',
      phase: 'teardown',
      durationMs: 1000,
      log: ['DEBUG: Forcing cleanup of instance c1 (conn)'],
    },
    suite: { status: 'hang', phase: 'teardown', durationMs: 1000 },
    class: 'hang',
    orderDependent: false,
  },
]);

describe('formatJunit', () => {
  it('escapes names, messages and logs so the XML parses, with one testcase per test', () => {
    const xml = formatJunit(tricky);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    }).parse(xml) as {
      testsuites: {
        testsuite: {
          name: string;
          failures: string;
          errors: string;
          testcase: { name: string; failure?: { message: string; '#text': string }; error?: { type: string } }[];
        }[];
      };
    };
    const [x, y] = parsed.testsuites.testsuite;
    expect(x!.testcase.map((entry) => entry.name)).toEqual(['a <b> & "c"  | d', 'victim']);
    expect(x!.testcase[1]!.failure?.message).toBe(
      'fail in the suite: order-dependent: passes alone, fails after an earlier test (polluted); polluted by a <b> & "c"  | d',
    );
    expect(x!.testcase[1]!.failure?.['#text']).toContain('Error: ]]> </failure>');
    expect([x!.failures, x!.errors]).toEqual(['1', '0']);
    expect(y!.testcase[0]!.error?.type).toBe('hang');
    expect([y!.failures, y!.errors]).toEqual(['0', '1']);
  });

  it('escapeXml handles the five entities and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'\u0000\u001f\t\n`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\t\n');
  });
});

describe('formatMarkdown', () => {
  it('escapes table cells and lists each non-pass in the detailed analysis', () => {
    const markdown = formatMarkdown(tricky);
    expect(markdown).toContain('| `a <b> & "c" \u0007 \\| d` | `x.test.js` | ✅ Pass | ✅ Pass |');
    expect(markdown).toContain('| `hangs` | `y.test.js` | ⚠️ Hang (teardown) | ⚠️ Hang (teardown) |');
    expect(markdown).toContain('### `victim`');
    expect(markdown).toContain('### `hangs`');
    expect(markdown).not.toContain('### `a <b>');
    expect(markdown).toContain('- Bisection: fails after a');
  });
});

describe('findCommonPatterns', () => {
  it('groups teardown hangs, leak warnings and order dependence', () => {
    expect(findCommonPatterns(tricky).map((pattern) => [pattern.title, pattern.tests])).toEqual([
      ['Hangs in teardown', ['hangs']],
      ['Leak and forced-cleanup warnings', ['hangs']],
      ['Order dependence', ['victim']],
    ]);
  });
});

describe('writeReports', () => {
  it('writes the chosen formats into a new directory', () => {
    const dir = tempDir('wsi-write-');
    try {
      const out = join(dir, 'nested', 'reports');
      const written = writeReports(tricky, { out, formats: ['json'] });
      expect(written).toEqual([join(out, REPORT_FILES.json)]);
      expect(JSON.parse(readFileSync(written[0]!, 'utf8'))).toEqual(tricky);
      expect(existsSync(join(out, REPORT_FILES.md))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown format or an empty directory with ERR_WSI_INVALID_OPTION', () => {
    expect(() => writeReports(tricky, { out: '', formats: ['md'] })).toThrow(
      expect.objectContaining({ code: IsolationErrorCode.INVALID_OPTION }),
    );
    expect(() => writeReports(tricky, { out: 'x', formats: ['pdf' as never] })).toThrow(
      expect.objectContaining({ code: IsolationErrorCode.INVALID_OPTION }),
    );
  });
});
