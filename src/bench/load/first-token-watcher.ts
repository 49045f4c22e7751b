/**
 * Watches an OpenAI-format SSE stream arrive chunk by chunk and says when the first token of text
 * arrived (the first `data:` event whose delta carries non-empty content) and whether the stream
 * ended properly with `data: [DONE]`. Only the events before the first token are parsed.
 */

export class FirstTokenWatcher {
  private pending = '';
  private tail = '';
  private hasFirstToken = false;

  /** Feeds a chunk; true when this chunk carried the first token. */
  push(chunk: string): boolean {
    this.tail = (this.tail + chunk).slice(-64);
    if (this.hasFirstToken) return false;
    this.pending += chunk;
    let boundary = this.pending.indexOf('\n\n');
    while (boundary !== -1) {
      const event = this.pending.slice(0, boundary);
      this.pending = this.pending.slice(boundary + 2);
      if (carriesText(event)) {
        this.hasFirstToken = true;
        this.pending = '';
        return true;
      }
      boundary = this.pending.indexOf('\n\n');
    }
    return false;
  }

  get sawFirstToken(): boolean {
    return this.hasFirstToken;
  }

  /** The stream's last event was `data: [DONE]`. */
  get isDone(): boolean {
    return /data: \[DONE\]\s*$/.test(this.tail);
  }
}

function carriesText(event: string): boolean {
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]' || data === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      continue;
    }
    if (deltaContent(parsed).length > 0) return true;
  }
  return false;
}

function deltaContent(chunk: unknown): string {
  if (typeof chunk !== 'object' || chunk === null || !('choices' in chunk) || !Array.isArray(chunk.choices)) return '';
  const choice: unknown = chunk.choices[0];
  if (typeof choice !== 'object' || choice === null || !('delta' in choice)) return '';
  const delta: unknown = choice.delta;
  if (typeof delta !== 'object' || delta === null || !('content' in delta)) return '';
  return typeof delta.content === 'string' ? delta.content : '';
}
