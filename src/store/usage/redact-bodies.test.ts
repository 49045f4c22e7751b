import { describe, expect, it } from 'vitest';
import { compileBodyRedaction, ledgerBodies, parseJsonPath, redactBody } from './redact-bodies.js';

const redaction = (jsonPaths: string[], patterns: string[] = [], maxBytes = 10_000) => compileBodyRedaction({ jsonPaths, patterns, replacement: '[redacted]' }, maxBytes);

describe('redactBody', () => {
  it('replaces the values at JSON paths, with [n], [*] and * wildcards', () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'secret plan' }, { role: 'user', content: 'hi' }], metadata: { email: 'a@b.c', team: 'x' } });
    expect(JSON.parse(redactBody(body, redaction(['messages[*].content', 'metadata.email'])))).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'system', content: '[redacted]' }, { role: 'user', content: '[redacted]' }],
      metadata: { email: '[redacted]', team: 'x' },
    });
    expect(JSON.parse(redactBody(body, redaction(['messages[1].content'])))).toMatchObject({ messages: [{ content: 'secret plan' }, { content: '[redacted]' }] });
    expect(JSON.parse(redactBody(body, redaction(['metadata.*'])))).toMatchObject({ metadata: { email: '[redacted]', team: '[redacted]' } });
  });

  it('leaves a body untouched when no path matches, and text that is not JSON to the patterns alone', () => {
    const body = '{"a":1}';
    expect(redactBody(body, redaction(['b.c']))).toBe(body);
    expect(redactBody('plain sk-abc123 text', redaction(['a'], ['sk-[a-z0-9]+']))).toBe('plain [redacted] text');
  });

  it('redacts JSON paths in every data: line of an SSE stream', () => {
    const stream = 'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: [DONE]\n\n';
    expect(redactBody(stream, redaction(['choices[*].delta.content']))).toBe(
      'data: {"choices":[{"delta":{"content":"[redacted]"}}]}\n\ndata: {"choices":[{"delta":{"content":"[redacted]"}}]}\n\ndata: [DONE]\n\n',
    );
  });

  it('applies the patterns after the paths, to every match', () => {
    expect(redactBody('{"note":"call 555-1234 or 555-9876"}', redaction([], ['\\d{3}-\\d{4}']))).toBe('{"note":"call [redacted] or [redacted]"}');
  });

  it('cuts a body at the byte limit without splitting a character, and says how much it cut', () => {
    const text = 'é'.repeat(10);
    const cut = redactBody(text, redaction([], [], 5));
    expect(cut).toBe('éé…[truncated 16 bytes]');
  });

  it('redacts both sides of an exchange for the ledger', () => {
    expect(ledgerBodies('{"user":"u1"}', '{"id":"x"}', redaction(['user', 'id']))).toEqual({ request: '{"user":"[redacted]"}', response: '{"id":"[redacted]"}' });
  });
});

describe('parseJsonPath', () => {
  it('reads keys, indexes and wildcards', () => {
    expect(parseJsonPath('a.b[2][*].*')).toEqual([
      { kind: 'key', name: 'a' }, { kind: 'key', name: 'b' }, { kind: 'index', index: 2 }, { kind: 'any-index' }, { kind: 'any-key' },
    ]);
    expect(() => parseJsonPath('a..b')).toThrow(/not a JSON path/);
  });
});
