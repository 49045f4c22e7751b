/**
 * The translated chat vocabulary, used only when the client's dialect and the target's wire
 * format differ (OpenAI in, Anthropic out, ...). Same-dialect requests never pass through it.
 * Shapes follow what every major provider can express; an adapter that cannot honour a field
 * says so (rejected or dropped with a warning) rather than ignoring it silently.
 */
import type { Usage } from './usage.js';

export type JsonSchema = Record<string, unknown>;

export type ChatContentPart =
  | { type: 'text'; text: string; cacheControl?: CacheControl }
  | { type: 'image'; source: ImageSource; detail?: 'auto' | 'low' | 'high'; cacheControl?: CacheControl }
  | { type: 'document'; source: DocumentSource; title?: string; cacheControl?: CacheControl };

export type ImageSource = { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

export type DocumentSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'text'; text: string }
  | { kind: 'url'; url: string };

/** Anthropic-style explicit cache breakpoint; providers with automatic caching ignore it. */
export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface ChatToolCall {
  id: string;
  name: string;
  /** Arguments as JSON text, exactly as the model produced them. */
  arguments: string;
}

export interface ReasoningPart {
  text: string;
  /** Provider signature that must travel back unchanged on the next turn (Anthropic, Gemini). */
  signature?: string;
  /** Encrypted / redacted reasoning that must be returned as-is. */
  redactedData?: string;
}

export type ChatMessage =
  | { role: 'system'; content: ChatContentPart[] }
  | { role: 'user'; content: ChatContentPart[]; name?: string }
  | { role: 'assistant'; content: ChatContentPart[]; toolCalls?: ChatToolCall[]; reasoning?: ReasoningPart[]; name?: string }
  | { role: 'tool'; toolCallId: string; content: ChatContentPart[]; isError?: boolean };

export interface ChatTool {
  name: string;
  description?: string;
  parameters: JsonSchema;
  strict?: boolean;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonSchema; strict?: boolean; description?: string };

/** `none` asks a reasoning model not to reason; `xhigh` is the most a provider offers. */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  tools?: ChatTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  /** Sample only from the k likeliest tokens (Anthropic, Gemini); OpenAI-format APIs have no such knob. */
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string[];
  seed?: number;
  n?: number;
  responseFormat?: ResponseFormat;
  reasoningEffort?: ReasoningEffort;
  /** Token budget for thinking, where a provider takes one (Anthropic, Gemini). */
  reasoningBudgetTokens?: number;
  logprobs?: boolean;
  topLogprobs?: number;
  /** End-user id forwarded to providers that accept one for abuse monitoring. */
  endUser?: string;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

export interface ChatChoice {
  index: number;
  text: string;
  toolCalls: ChatToolCall[];
  reasoning: ReasoningPart[];
  finishReason: FinishReason;
  /** The provider's own reason before mapping, for the ledger. */
  rawFinishReason?: string;
}

export interface ChatResponse {
  id: string;
  /** The model that actually served, as the provider names it. */
  model: string;
  createdAt: Date;
  choices: ChatChoice[];
  usage: Usage | undefined;
}

/** One step of a translated stream; noun-verb names, one event per thing that happened. */
export type StreamDelta =
  | { type: 'message-start'; id: string; model: string }
  | { type: 'text-delta'; choice: number; text: string }
  | { type: 'reasoning-delta'; choice: number; text: string; signature?: string; redactedData?: string }
  | { type: 'tool-call-start'; choice: number; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; choice: number; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; choice: number; index: number }
  | { type: 'finish'; choice: number; reason: FinishReason; rawReason?: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; message: string; code?: string };
