/**
 * Recorded Anthropic responses (../shared/fixtures/provider-captures/anthropic) through the
 * adapter: usage with the exact numbers PROVENANCE.md lists, stop reasons, tool calls, thinking
 * signatures; the stream captures through both the same-dialect tracker and the translated parser.
 */
import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../core/chat.js';
import { checkUsage } from '../../core/usage.js';
import { parseSseEvent, type SseEvent } from '../http/sse-splitter.js';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { anthropicAdapter } from './anthropic-adapter.js';

/** A `.chunks.txt` capture as the SSE events Anthropic sent, `event:` names included (as on the wire) or not. */
function captureEvents(path: string, withEventNames: boolean): SseEvent[] {
  return readCapture(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const name = (JSON.parse(line) as { type: string }).type;
      const event = parseSseEvent(`${withEventNames ? `event: ${name}\n` : ''}data: ${line}\n\n`);
      if (!event) throw new Error(`not an event: ${line}`);
      return event;
    });
}

function track(path: string, withEventNames: boolean) {
  const tracker = anthropicAdapter.chat.trackStream();
  const observations = captureEvents(path, withEventNames).map((event) => tracker.observe(event));
  return { tracker, observations };
}

function translate(path: string): { deltas: StreamDelta[]; parser: ReturnType<typeof anthropicAdapter.translated.streamParser> } {
  const parser = anthropicAdapter.translated.streamParser();
  const deltas = captureEvents(path, true).flatMap((event) => parser.push(event));
  deltas.push(...parser.finish());
  return { deltas, parser };
}

function textOf(deltas: StreamDelta[]): string {
  return deltas.map((delta) => (delta.type === 'text-delta' ? delta.text : '')).join('');
}

describe.skipIf(!HAS_CAPTURES)('Anthropic capture replays', () => {
  it('anthropic-text.json: input 12 / output 29, no cache, end_turn → stop', () => {
    const body: unknown = JSON.parse(readCapture('anthropic/anthropic-text.json'));
    const usage = anthropicAdapter.chat.usageFromBody(body);
    expect(usage?.input).toEqual({ total: 12, noCache: 12, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(usage?.output).toEqual({ total: 29, text: 29, reasoning: 0 });
    expect(usage?.serviceTier).toBe('standard');
    expect(anthropicAdapter.chat.modelFromBody(body)).toBe('claude-sonnet-4-5-20250929');
    const response = anthropicAdapter.translated.parseResponse(body);
    expect(response.id).toBe('msg_01VdEjxAP5ahtHKrrRdNBteQ');
    expect(response.choices[0]?.text).toBe("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?");
    expect(response.choices[0]?.finishReason).toBe('stop');
    expect(response.choices[0]?.rawFinishReason).toBe('end_turn');
    expect(response.usage?.output.total).toBe(29);
  });

  it('anthropic-tool-no-args.json: tool_use with empty input → arguments "{}", tool_use → tool_calls, 602 / 93', () => {
    const response = anthropicAdapter.translated.parseResponse(JSON.parse(readCapture('anthropic/anthropic-tool-no-args.json')));
    const choice = response.choices[0];
    expect(choice?.toolCalls).toEqual([{ id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', arguments: '{}' }]);
    expect(choice?.finishReason).toBe('tool_calls');
    expect(choice?.text.startsWith('<thinking>\nThe updateIssueList tool')).toBe(true);
    expect(response.usage?.input.total).toBe(602);
    expect(response.usage?.output.total).toBe(93);
  });

  it('issue-13430-thinking-tool-call.json: the thinking block keeps its signature; thinking_tokens 18 are reasoning within output 59', () => {
    const body = JSON.parse(readCapture('anthropic/issue-13430-thinking-tool-call.json')) as { content: Array<{ signature?: string }> };
    const response = anthropicAdapter.translated.parseResponse(body);
    const choice = response.choices[0];
    expect(choice?.reasoning).toEqual([{ text: 'The user wants me to call checkSandboxErrors immediately.', signature: body.content[0]?.signature }]);
    expect(choice?.reasoning[0]?.signature).toMatch(/^Eq4CCpIB/);
    expect(choice?.toolCalls).toEqual([{ id: 'toolu_017R7ACrx7NF7sLDDtvdQ1u9', name: 'checkSandboxErrors', arguments: '{}' }]);
    expect(choice?.finishReason).toBe('tool_calls');
    expect(response.usage?.input).toEqual({ total: 599, noCache: 599, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(response.usage?.output).toEqual({ total: 59, text: 41, reasoning: 18 });
  });

  it('anthropic-issue-17366-error.json: a 400 invalid_request_error is an invalid request, not worth a fallback', () => {
    const failure = anthropicAdapter.classifyError(400, { 'request-id': 'req_011Cd65WVh8Zrvno3NunpJ73' }, readCapture('anthropic/anthropic-issue-17366-error.json'), 0);
    expect(failure.errorClass).toBe('invalid_request');
    expect(failure.status).toBe(400);
    expect(failure.providerCode).toBe('invalid_request_error');
    expect(failure.message).toContain('unexpected `tool_use_id` found in `tool_result` blocks');
  });

  for (const withEventNames of [true, false]) {
    const naming = withEventNames ? 'with event names' : 'data lines only';
    it(`anthropic-text.chunks.txt through the tracker (${naming}): start 12/1 then cumulative 12/30 → 12 in, 30 out`, () => {
      const { tracker, observations } = track('anthropic/anthropic-text.chunks.txt', withEventNames);
      expect(tracker.usage()?.input.total).toBe(12);
      expect(tracker.usage()?.output).toEqual({ total: 30, text: 30, reasoning: 0 });
      expect(observations.find((observation) => observation.model)?.model).toBe('claude-sonnet-4-5-20250929');
      expect(observations.map((observation) => observation.carriesFinalUsage).lastIndexOf(true)).toBe(observations.length - 2);
      expect(observations.at(-1)?.isTerminal).toBe(true);
      expect(observations.filter((observation) => observation.isTerminal)).toHaveLength(1);
      expect(tracker.producedText()).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    });

    it(`anthropic-message-delta-input-tokens.chunks.txt through the tracker (${naming}): the delta's input 61 wins over the start's 43; output 2, not 1 + 2`, () => {
      const { tracker } = track('anthropic/anthropic-message-delta-input-tokens.chunks.txt', withEventNames);
      expect(tracker.usage()?.input).toEqual({ total: 61, noCache: 61, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
      expect(tracker.usage()?.output.total).toBe(2);
    });

    it(`anthropic-tool-no-args.chunks.txt through the tracker (${naming}): 565 in, 48 out, pings ignored`, () => {
      const { tracker, observations } = track('anthropic/anthropic-tool-no-args.chunks.txt', withEventNames);
      expect(tracker.usage()?.input.total).toBe(565);
      expect(tracker.usage()?.output.total).toBe(48);
      expect(observations.filter((observation) => observation.carriesFinalUsage)).toHaveLength(1);
    });

    it(`anthropic-code-execution prompt-cache stream through the tracker (${naming}): final 6 + 3337 written (5m) + 6289 read, 198 out`, () => {
      const { tracker } = track('anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt', withEventNames);
      const usage = tracker.usage();
      expect(usage?.input).toEqual({ total: 6 + 3337 + 6289, noCache: 6, cacheRead: 6289, cacheWrite5m: 3337, cacheWrite1h: 0 });
      expect(usage?.output).toEqual({ total: 198, text: 198, reasoning: 0 });
      expect(usage?.units).toBeUndefined();
      expect(checkUsage(usage ?? { input: { total: -1, noCache: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, output: { total: 0, text: 0, reasoning: 0 } })).toEqual([]);
    });
  }

  it('anthropic-text.chunks.txt through the translated parser: message-start, text, finish stop, usage 12 / 30', () => {
    const { deltas, parser } = translate('anthropic/anthropic-text.chunks.txt');
    expect(deltas[0]).toEqual({ type: 'message-start', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'claude-sonnet-4-5-20250929' });
    expect(textOf(deltas)).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(deltas.filter((delta) => delta.type === 'finish')).toEqual([{ type: 'finish', choice: 0, reason: 'stop', rawReason: 'end_turn' }]);
    expect(parser.isComplete()).toBe(true);
    expect(parser.usage()?.input.total).toBe(12);
    expect(parser.usage()?.output.total).toBe(30);
  });

  it('anthropic-tool-no-args.chunks.txt through the translated parser: an empty input_json_delta stream → arguments "{}"', () => {
    const { deltas, parser } = translate('anthropic/anthropic-tool-no-args.chunks.txt');
    const toolDeltas = deltas.filter((delta) => delta.type.startsWith('tool-call'));
    expect(toolDeltas).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
    ]);
    expect(textOf(deltas)).toBe("I'll update the issue list for you.");
    expect(deltas.find((delta) => delta.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_use' });
    expect(parser.usage()?.input.total).toBe(565);
    expect(parser.usage()?.output.total).toBe(48);
  });

  it('anthropic-code-execution prompt-cache stream through the translated parser: server tools stay at Anthropic, the answer text and the cache usage come through', () => {
    const { deltas, parser } = translate('anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt');
    expect(deltas.some((delta) => delta.type.startsWith('tool-call'))).toBe(false);
    expect(textOf(deltas)).toBe('The sum of the squares of the numbers 1 through 12 is **650**.');
    expect(deltas.find((delta) => delta.type === 'finish')).toMatchObject({ reason: 'stop' });
    const usage = deltas.filter((delta) => delta.type === 'usage').at(-1);
    expect(usage?.type === 'usage' ? usage.usage.input : undefined).toEqual({ total: 9632, noCache: 6, cacheRead: 6289, cacheWrite5m: 3337, cacheWrite1h: 0 });
    expect(parser.usage()?.output.total).toBe(198);
  });

  it('anthropic-message-delta-input-tokens.chunks.txt through the translated parser: input 61, output 2', () => {
    const { deltas, parser } = translate('anthropic/anthropic-message-delta-input-tokens.chunks.txt');
    expect(textOf(deltas)).toBe('pong');
    expect(parser.usage()?.input.total).toBe(61);
    expect(parser.usage()?.output.total).toBe(2);
  });
});
