import { describe, expect, it } from 'vitest';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { decodeJournalLine, encodeJournalLine } from './journal-codec.js';
import { parseJournalText } from './journal-reader.js';

describe('journal lines', () => {
  it('round-trip a full record exactly, money past 2^53 included', () => {
    const huge = 2n ** 70n + 1n;
    const record = sampleLedgerRecord('codec', { cost: { status: 'exact', totalPico: huge, lines: { input: huge }, priceSource: null } });
    const line = encodeJournalLine(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(line).toContain(`"totalPico":"${huge.toString()}"`);
    expect(decodeJournalLine(line.slice(0, -1))).toEqual(record);
  });

  it('refuse a line of another format version or with money as a JSON number', () => {
    const line = encodeJournalLine(sampleLedgerRecord('codec')).slice(0, -1);
    expect(() => decodeJournalLine(line.replace('"v":1', '"v":2'))).toThrow();
    expect(() => decodeJournalLine(line.replace('"totalPico":"1020000000"', '"totalPico":1020000000'))).toThrow();
  });
});

describe('parseJournalText', () => {
  const good = (id: string) => encodeJournalLine(sampleLedgerRecord(id));

  it('reads every complete line', () => {
    const { records, skipped } = parseJournalText(good('a') + good('b'));
    expect(records.map((record) => record.id)).toEqual(['a', 'b']);
    expect(skipped).toEqual([]);
  });

  it('skips and counts a torn last line instead of failing', () => {
    const torn = good('c').slice(0, 80);
    const { records, skipped } = parseJournalText(good('a') + good('b') + torn);
    expect(records.map((record) => record.id)).toEqual(['a', 'b']);
    expect(skipped).toEqual([{ lineNumber: 3, reason: expect.stringMatching(/torn last line/) }]);
  });

  it('skips a garbled line in the middle and keeps the lines after it', () => {
    const { records, skipped } = parseJournalText(`${good('a')}{"v":1,"id":garbage\n\n${good('b')}`);
    expect(records.map((record) => record.id)).toEqual(['a', 'b']);
    expect(skipped.map((line) => line.lineNumber)).toEqual([2, 3]);
  });

  it('reads an empty file as nothing', () => {
    expect(parseJournalText('')).toEqual({ records: [], skipped: [] });
  });
});
