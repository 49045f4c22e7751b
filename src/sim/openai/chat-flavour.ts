/**
 * What differs between the providers that speak Chat Completions (OpenAI, DeepSeek, Mistral, xAI,
 * Groq): one option object per provider, read by the one shared handler and renderers. Wire
 * differences are data where they can be (which fields a message or chunk carries, how tool calls
 * stream, where usage goes) and small pure functions where they cannot (ids, usage, extra fields).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { PlannedAnswer } from '../answer-plan.js';
import type { ErrorFault } from '../faults.js';
import type { SimModelInfo, SimProvider } from '../model-list.js';
import type { PromptCacheStore } from '../prompt-cache.js';
import type { Pacing } from '../sse-writer.js';
import type { TokenSequence } from '../tokens.js';
import type { ChatRequest } from './chat-request.js';
import type { FaultErrorContext, OpenAIErrorDetails } from './openai-errors.js';

export type { FaultErrorContext } from './openai-errors.js';

export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

/** Every error a chat route can answer, in the provider's shape. Problems arrive worded as OpenAI words them. */
export interface ChatErrors {
  /** A request problem (bad field, refused parameter) with the status the provider uses for it. */
  invalid(details: OpenAIErrorDetails, status?: number): ErrorReply;
  missingKey(): ErrorReply;
  rejectedKey(key: string): ErrorReply;
  unparsableBody(): ErrorReply;
  modelNotFound(model: string): ErrorReply;
  contextLength(contextWindow: number, promptTokens: number): ErrorReply;
  fault(fault: ErrorFault, context: FaultErrorContext): ErrorReply;
}

export interface ChatEnvelope {
  id: string;
  created: number;
  model: string;
  serviceTier: string;
  systemFingerprint: string;
  /** The provider's request id where a body carries one (Groq's `x_groq.id`). */
  requestId: string;
}

export interface RenderedChoice {
  plan: PlannedAnswer;
  toolCallIds: string[];
}

export interface UsageFacts {
  model: SimModelInfo;
  prompt: TokenSequence;
  cachedTokens: number;
  plans: readonly PlannedAnswer[];
  pacing: Pacing;
  seed: number;
}

export interface ReasoningPlan {
  tokens: number;
  /** Streamed as `reasoning_content` (DeepSeek reasoner, grok-3-mini) rather than hidden. */
  isVisible: boolean;
}

export type ChunkPosition = 'first' | 'middle' | 'finish' | 'usage';

export interface BodyShape {
  /** Fields every assistant message carries beside role and content (OpenAI: refusal, annotations). */
  messageExtras: Readonly<Record<string, unknown>>;
  /** `content` of a message that only calls tools: null, '' or left out. */
  toolOnlyContent: null | '' | 'omit';
  /** `tool_calls: null` on messages that call nothing (Mistral). */
  hasNullToolCalls: boolean;
  toolCall: { hasType: boolean; hasIndex: boolean };
  hasChoiceLogprobs: boolean;
}

export interface StreamShape {
  /** A first chunk carrying only the role (its delta); `merged` puts the role on the first real delta (xAI). */
  roleChunk: 'separate' | 'merged';
  /** The delta of a separate role chunk. */
  roleDelta(isToolOnly: boolean): Record<string, unknown>;
  /** Fields a whole-tool-call delta carries before `tool_calls` (Mistral: `content: null`). */
  toolDeltaPrefix: Readonly<Record<string, unknown>>;
  /** Choices carry `logprobs: null` and `finish_reason: null` on every chunk. */
  hasNullChoiceFields: boolean;
  /** `fragments`: name first, then argument pieces (OpenAI); `whole`: each call in one delta. */
  toolCalls: 'fragments' | 'whole';
  toolCallDelta: { hasType: boolean; hasIndex: boolean };
  /** `usage-chunk`: a final chunk with empty choices when asked (OpenAI); `last-delta`: finish reason and usage ride on the last delta, always (Mistral). */
  usage: 'usage-chunk' | 'last-delta';
  /** OpenAI: `"usage": null` on every other chunk when usage was asked for, and `obfuscation` padding. */
  isOpenAIPadded: boolean;
}

export interface ChatFlavour {
  provider: SimProvider;
  errors: ChatErrors;
  headers(startedAt: number): OutgoingHttpHeaders;
  /** Checks this provider makes beyond field types; the raw body is there for unknown-field checks. */
  validate(request: ChatRequest, model: SimModelInfo, body: Readonly<Record<string, unknown>>): ErrorReply | undefined;
  cachedTokens(store: PromptCacheStore, scope: string, prompt: TokenSequence): number;
  reasoning(model: SimModelInfo, request: ChatRequest, seed: number): ReasoningPlan;
  newCompletionId(): string;
  newToolCallId(index: number): string;
  envelopeFields(model: SimModelInfo, request: ChatRequest): Pick<ChatEnvelope, 'serviceTier' | 'systemFingerprint' | 'requestId'>;
  usage(facts: UsageFacts): Record<string, unknown>;
  body: BodyShape;
  /** Top-level fields after `choices` in a completion (usage included). */
  bodyFields(envelope: ChatEnvelope, usage: Record<string, unknown>, seed: number): Record<string, unknown>;
  stream: StreamShape;
  /** Fields between `model` and `choices` in every chunk. */
  chunkHeadFields(envelope: ChatEnvelope): Record<string, unknown>;
  /** Fields after `choices` in a chunk at `position` (`usage` is set for finish and usage chunks). */
  chunkTailFields(envelope: ChatEnvelope, position: ChunkPosition, usage: Record<string, unknown> | undefined): Record<string, unknown>;
}
