/**
 * Reads a journal segment back. A crash can tear the last line mid-write, and a disk can garble any line:
 * such lines are skipped and counted, never fatal, so one bad byte cannot stop the rest from replaying.
 */
import { readFile } from 'node:fs/promises';
import { decodeJournalLine } from './journal-codec.js';
import type { LedgerRecord } from './ledger-record.js';

export interface SkippedLine {
  lineNumber: number;
  reason: string;
}

export interface JournalSegmentContents {
  records: LedgerRecord[];
  skipped: SkippedLine[];
}

export async function readJournalSegment(path: string): Promise<JournalSegmentContents> {
  return parseJournalText(await readFile(path, 'utf8'));
}

export function parseJournalText(text: string): JournalSegmentContents {
  const lines = text.split('\n');
  const records: LedgerRecord[] = [];
  const skipped: SkippedLine[] = [];
  lines.forEach((line, index) => {
    const isTail = index === lines.length - 1;
    if (line === '' && isTail) return;
    if (line.trim() === '') {
      skipped.push({ lineNumber: index + 1, reason: 'empty line' });
      return;
    }
    try {
      records.push(decodeJournalLine(line));
    } catch (error) {
      const reason = isTail ? 'torn last line (no newline): the write was cut short' : error instanceof Error ? error.message.slice(0, 200) : String(error);
      skipped.push({ lineNumber: index + 1, reason });
    }
  });
  return { records, skipped };
}
