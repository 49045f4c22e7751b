/**
 * Renders a planned answer as a Responses API `response` object, and as the stream of events
 * OpenAI sends for it (`response.created` … `response.output_text.delta` … `response.completed`,
 * each an SSE event with an `event:` line and a `sequence_number`), in the shape recorded from
 * the live API (../shared/fixtures/provider-captures/openai-responses).
 */
import type { PlannedAnswer } from '../answer-plan.js';
import { randomIdPart } from '../seeded-random.js';
import type { PacedFrame } from '../sse-writer.js';
import type { ResponsesRequest } from './responses-request.js';

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponseFacts {
  id: string;
  messageId: string;
  reasoningId: string;
  createdAt: number;
  model: string;
  serviceTier: string;
  request: ResponsesRequest;
  plan: PlannedAnswer;
  usage: ResponsesUsage;
}

export function newResponseIds(): Pick<ResponseFacts, 'id' | 'messageId' | 'reasoningId'> {
  const hex = '0123456789abcdef';
  return { id: `resp_${randomIdPart(50, hex)}`, messageId: `msg_${randomIdPart(50, hex)}`, reasoningId: `rs_${randomIdPart(50, hex)}` };
}

/** Input includes the cached tokens; output includes the hidden reasoning. */
export function responsesUsage(promptTokens: number, cachedTokens: number, plan: PlannedAnswer): ResponsesUsage {
  return {
    input_tokens: promptTokens,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: plan.outputTokens,
    output_tokens_details: { reasoning_tokens: plan.reasoningTokens },
    total_tokens: promptTokens + plan.outputTokens,
  };
}

function incompleteReason(plan: PlannedAnswer): string | undefined {
  if (plan.finish === 'length') return 'max_output_tokens';
  if (plan.finish === 'content_filter') return 'content_filter';
  return undefined;
}

function messageItem(facts: ResponseFacts, status: string, text: string | undefined): Record<string, unknown> {
  const content = text === undefined ? [] : [{ type: 'output_text', annotations: [], logprobs: [], text }];
  return { id: facts.messageId, type: 'message', status, content, role: 'assistant' };
}

function reasoningItem(facts: ResponseFacts): Record<string, unknown> {
  return { id: facts.reasoningId, type: 'reasoning', summary: [] };
}

function finalStatus(plan: PlannedAnswer): 'completed' | 'incomplete' {
  return incompleteReason(plan) === undefined ? 'completed' : 'incomplete';
}

/** The whole `response` object; `isFinal: false` gives the in-progress form the first events carry. */
export function responseObject(facts: ResponseFacts, isFinal: boolean): Record<string, unknown> {
  const { request, plan } = facts;
  const reason = isFinal ? incompleteReason(plan) : undefined;
  const status = isFinal ? finalStatus(plan) : 'in_progress';
  const output = !isFinal ? [] : [...(plan.reasoningTokens > 0 ? [reasoningItem(facts)] : []), messageItem(facts, status, plan.text?.text ?? '')];
  return {
    id: facts.id,
    object: 'response',
    created_at: facts.createdAt,
    status,
    background: false,
    completed_at: status === 'completed' ? facts.createdAt : null,
    error: null,
    incomplete_details: reason === undefined ? null : { reason },
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: null,
    model: facts.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    safety_identifier: null,
    service_tier: facts.serviceTier,
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    usage: isFinal ? facts.usage : null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

export function responseEventFrames(facts: ResponseFacts): PacedFrame[] {
  const { plan } = facts;
  let sequence = 0;
  const frames: PacedFrame[] = [];
  const push = (type: string, fields: Record<string, unknown>, tokens = 0, isEarly = false): void => {
    const data = JSON.stringify({ type, ...fields, sequence_number: sequence++ });
    frames.push({ data: `event: ${type}\ndata: ${data}\n\n`, tokens, ...(isEarly ? { isEarly } : {}) });
  };
  push('response.created', { response: responseObject(facts, false) }, 0, true);
  push('response.in_progress', { response: responseObject(facts, false) }, 0, true);
  let outputIndex = 0;
  if (plan.reasoningTokens > 0) {
    push('response.output_item.added', { item: { ...reasoningItem(facts), status: 'in_progress' }, output_index: outputIndex });
    // Hidden reasoning takes its time before anything visible arrives.
    frames.push({ data: '', tokens: plan.reasoningTokens });
    push('response.output_item.done', { item: reasoningItem(facts), output_index: outputIndex });
    outputIndex += 1;
  }
  const item = { item_id: facts.messageId, output_index: outputIndex, content_index: 0 };
  const text = plan.text?.text ?? '';
  const pieces = plan.text?.pieces ?? [];
  const perPiece = pieces.length === 0 ? 0 : (plan.text?.tokens ?? 0) / pieces.length;
  push('response.output_item.added', { item: messageItem(facts, 'in_progress', undefined), output_index: outputIndex });
  push('response.content_part.added', { ...item, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
  for (const piece of pieces) push('response.output_text.delta', { ...item, delta: piece, logprobs: [] }, perPiece);
  push('response.output_text.done', { ...item, logprobs: [], text });
  push('response.content_part.done', { ...item, part: { type: 'output_text', annotations: [], logprobs: [], text } });
  const status = finalStatus(plan);
  push('response.output_item.done', { item: messageItem(facts, status, text), output_index: outputIndex });
  push(`response.${status}`, { response: responseObject(facts, true) });
  return frames;
}
