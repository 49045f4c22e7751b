/**
 * Reasoning in OpenAI-shaped answers: the text as `reasoning_content` (DeepSeek's member, which
 * most OpenAI-compatible clients read), and signed or redacted reasoning as OpenRouter-style
 * `reasoning_details`, which clients send back on the next turn so Anthropic can verify it.
 */
import type { ReasoningPart } from '../../../core/chat.js';

export type ReasoningDetailJson =
  | { type: 'reasoning.text'; text: string; signature?: string; index: number }
  | { type: 'reasoning.encrypted'; data: string; index: number };

export function reasoningDetailJson(part: ReasoningPart, index: number): ReasoningDetailJson {
  if (part.redactedData !== undefined) return { type: 'reasoning.encrypted', data: part.redactedData, index };
  return part.signature === undefined ? { type: 'reasoning.text', text: part.text, index } : { type: 'reasoning.text', text: part.text, signature: part.signature, index };
}

export function hasSignedReasoning(parts: readonly ReasoningPart[]): boolean {
  return parts.some((part) => part.signature !== undefined || part.redactedData !== undefined);
}
