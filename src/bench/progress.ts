/** Progress lines on stderr while the benchmark runs (stdout gets the final table), with the time elapsed. */

export type Progress = (line: string) => void;

export function createProgress(write: (text: string) => void = (text) => process.stderr.write(text)): Progress {
  const startedAt = performance.now();
  return (line) => {
    const seconds = Math.floor((performance.now() - startedAt) / 1000);
    const stamp = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    write(`[bench ${stamp}] ${line}\n`);
  };
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
