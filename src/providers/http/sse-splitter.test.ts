import { describe, expect, it } from 'vitest';
import { SseSplitter } from './sse-splitter.js';

describe('SseSplitter', () => {
  it('yields whole events across arbitrary chunk boundaries and keeps their exact text', () => {
    const stream = 'data: {"a":1}\n\nevent: message_delta\ndata: {"b":\ndata: 2}\n\n: keep-alive\n\ndata: [DONE]\n\n';
    const splitter = new SseSplitter();
    const events = [];
    for (let index = 0; index < stream.length; index += 3) events.push(...splitter.push(Buffer.from(stream.slice(index, index + 3))));
    expect(events.map((event) => event.raw).join('')).toBe(stream);
    expect(events.map((event) => event.data)).toEqual(['{"a":1}', '{"b":\n2}', undefined, '[DONE]']);
    expect(events[1]?.event).toBe('message_delta');
    expect(splitter.remainder()).toBe('');
  });

  it('does not split a multi-byte character cut between chunks', () => {
    const bytes = Buffer.from('data: "héllo ✓"\n\n');
    const splitter = new SseSplitter();
    const events = [...splitter.push(bytes.subarray(0, 9)), ...splitter.push(bytes.subarray(9, 17)), ...splitter.push(bytes.subarray(17))];
    expect(events[0]?.data).toBe('"héllo ✓"');
  });

  it('accepts CRLF line endings and leaves an unfinished event as the remainder', () => {
    const splitter = new SseSplitter();
    const events = splitter.push('data: one\r\n\r\ndata: tw');
    expect(events.map((event) => event.data)).toEqual(['one']);
    expect(splitter.remainder()).toBe('data: tw');
  });
});
