/**
 * streamGenerateContent as frames: with `alt=sse` every event is `data: <GenerateContentResponse>`
 * ended by CRLF CRLF; without it the REST default, one JSON array streamed element by element.
 * Each response carries one candidate's next parts (a thought summary, then text in groups of a
 * few tokens, then the function calls), and usageMetadata with the running totals: the prompt and
 * thoughts from the first event, candidatesTokenCount growing to the final figure. The last event
 * of a candidate carries its finishReason.
 */
import type { PacedFrame } from '../sse-writer.js';
import type { GeminiCandidatePlan } from './gemini-answer.js';
import { candidateObject, functionCallPart, generateContentResponse, hasSignature, newThoughtSignature, usageMetadata, type ResponseEnvelope, type UsageInput } from './gemini-response.js';

const PIECES_PER_EVENT = 8;

export type GeminiStreamFormat = 'sse' | 'json-array';

interface StreamEvent {
  candidate: GeminiCandidatePlan;
  parts: Array<Record<string, unknown>>;
  /** Generated tokens this event stands for (pacing). */
  tokens: number;
  /** Of those, the ones `candidatesTokenCount` bills. */
  candidateTokens: number;
  isFinal: boolean;
}

function candidateEvents(candidate: GeminiCandidatePlan): { events: StreamEvent[]; silentThoughts: number } {
  const events: StreamEvent[] = [];
  const { plan } = candidate;
  let silentThoughts = plan.reasoningTokens;
  if (candidate.thoughtSummary !== undefined) {
    events.push({ candidate, parts: [{ text: candidate.thoughtSummary, thought: true }], tokens: plan.reasoningTokens, candidateTokens: 0, isFinal: false });
    silentThoughts = 0;
  }
  const answerStart = events.length;
  const pieces = plan.text?.pieces ?? [];
  const perPiece = pieces.length === 0 ? 0 : (plan.text?.tokens ?? 0) / pieces.length;
  for (let start = 0; start < pieces.length; start += PIECES_PER_EVENT) {
    const group = pieces.slice(start, start + PIECES_PER_EVENT);
    const tokens = perPiece * group.length;
    events.push({ candidate, parts: [{ text: group.join('') }], tokens, candidateTokens: tokens, isFinal: false });
  }
  if (candidate.calls.length > 0) {
    const tokens = candidate.calls.reduce((sum, call) => sum + call.tokens, 0);
    events.push({ candidate, parts: candidate.calls.map(functionCallPart), tokens, candidateTokens: tokens, isFinal: false });
  }
  if (events.length === answerStart) events.push({ candidate, parts: [], tokens: 0, candidateTokens: 0, isFinal: false });
  const firstAnswer = events[answerStart]?.parts[0];
  if (firstAnswer !== undefined && hasSignature(candidate)) firstAnswer.thoughtSignature = newThoughtSignature();
  const last = events[events.length - 1];
  if (last !== undefined) last.isFinal = true;
  return { events, silentThoughts };
}

export function geminiStreamFrames(
  envelope: ResponseEnvelope,
  candidates: readonly GeminiCandidatePlan[],
  usage: Omit<UsageInput, 'candidateTokens'>,
  format: GeminiStreamFormat,
): PacedFrame[] {
  const frames: PacedFrame[] = [];
  let billed = 0;
  let count = 0;
  const wrap = (json: string): string => (format === 'sse' ? `data: ${json}\r\n\r\n` : `${count++ === 0 ? '[' : ',\r\n'}${json}`);
  for (const candidate of candidates) {
    const { events, silentThoughts } = candidateEvents(candidate);
    if (silentThoughts > 0) frames.push({ data: '', tokens: silentThoughts });
    for (const event of events) {
      billed += event.candidateTokens;
      const response = generateContentResponse(envelope, [candidateObject(candidate, event.parts, event.isFinal)], usageMetadata({ ...usage, candidateTokens: Math.round(billed) }));
      frames.push({ data: wrap(JSON.stringify(response)), tokens: event.tokens });
    }
  }
  if (format === 'json-array') frames.push({ data: count === 0 ? '[]' : ']', tokens: 0 });
  return frames;
}

/** A data line that is not valid JSON (the `malformed` fault), placed mid-stream. */
export function malformGeminiFrames(frames: PacedFrame[], format: GeminiStreamFormat): PacedFrame[] {
  const broken = frames.slice();
  const middle = Math.max(1, Math.floor(broken.length / 2));
  const fragment = '{"candidates": [{"content": {"parts": [{"text": ';
  broken.splice(middle, 0, { data: format === 'sse' ? `data: ${fragment}\r\n\r\n` : `,\r\n${fragment}`, tokens: 0 });
  return broken;
}
