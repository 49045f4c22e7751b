import type { LedgerLogger } from '../ledger-types.js';

export interface LoggedLine {
  level: 'warn' | 'error';
  message: string;
  details: object;
}

/** Keeps what the ledger logs so tests can assert on it (and stay quiet). */
export function collectingLogger(): LedgerLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  return {
    lines,
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
}
