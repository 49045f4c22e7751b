/**
 * The recorded provider responses in ../shared/fixtures/provider-captures. CI has them; a fresh
 * clone of this repository alone does not, and tests that replay them skip, saying why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CAPTURES_DIR = process.env.TOLLGATE_CAPTURES_DIR ?? resolve(repoRoot, '..', 'shared', 'fixtures', 'provider-captures');
export const HAS_CAPTURES = existsSync(CAPTURES_DIR);

if (!HAS_CAPTURES) {
  console.warn(`provider captures not found at ${CAPTURES_DIR}: capture replay tests are skipped (set TOLLGATE_CAPTURES_DIR to run them)`);
}

export function readCapture(relativePath: string): string {
  return readFileSync(join(CAPTURES_DIR, relativePath), 'utf8');
}

/** A `.chunks.txt` capture as the SSE stream it was recorded from (one JSON event per line). */
export function chunksToSse(text: string, options: { done?: boolean } = {}): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const events = lines.map((line) => (line.startsWith('data:') ? `${line}\n\n` : `data: ${line}\n\n`));
  return `${events.join('')}${options.done === false ? '' : 'data: [DONE]\n\n'}`;
}

/**
 * A Responses API `.chunks.txt` capture as the SSE stream OpenAI sends: each event named by an
 * `event:` line (its data's `type`), and no `[DONE]` at the end.
 */
export function responsesChunksToSse(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      const type = typeof parsed === 'object' && parsed !== null && 'type' in parsed && typeof parsed.type === 'string' ? parsed.type : 'message';
      return `event: ${type}\ndata: ${line}\n\n`;
    })
    .join('');
}
