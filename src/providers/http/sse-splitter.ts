/**
 * Splits a server-sent-events byte stream into whole events while keeping each event's exact
 * text, so the same-dialect lane can relay bytes unchanged and still read the `data` it needs.
 */
import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  /** The event exactly as received, including its terminating blank line. */
  raw: string;
  /** The `event:` field, when present. */
  event: string | undefined;
  /** The `data:` lines joined with "\n", or undefined for comment-only events. */
  data: string | undefined;
}

const EVENT_BOUNDARY = /\r\n\r\n|\n\n|\r\r/;

export class SseSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  /** Feeds bytes; returns every event completed by them. */
  push(chunk: Buffer | string): SseEvent[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const events: SseEvent[] = [];
    for (;;) {
      const match = EVENT_BOUNDARY.exec(this.pending);
      if (!match) break;
      const end = match.index + match[0].length;
      const raw = this.pending.slice(0, end);
      this.pending = this.pending.slice(end);
      const event = parseSseEvent(raw);
      if (event) events.push(event);
    }
    return events;
  }

  /** Whatever arrived after the last complete event (a stream cut mid-event leaves text here). */
  remainder(): string {
    return this.pending + this.decoder.end();
  }
}

export function parseSseEvent(raw: string): SseEvent | undefined {
  let eventName: string | undefined;
  let data: string | undefined;
  let sawField = false;
  for (const line of raw.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    sawField = true;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') eventName = value;
  }
  if (!sawField && raw.trim() === '') return undefined;
  return { raw, event: eventName, data };
}
