/** Plain-text tables for people; scripts use --json instead. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>, options: { alignRight?: readonly number[] } = {}): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const right = new Set(options.alignRight ?? []);
  const line = (cells: ReadonlyArray<string>): string =>
    cells
      .map((cell, column) => (right.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
