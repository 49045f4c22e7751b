/**
 * The contract every provider adapter fulfils. An adapter knows one wire format: how to build a
 * request, read usage from a response or stream, and classify errors. It knows core/ only.
 */
import type { ChatRequest, ChatResponse, StreamDelta } from '../core/chat.js';
import type { LatencyTier } from '../core/request-metadata.js';
import type { UpstreamFailure } from '../core/upstream-failure.js';
import type { Usage } from '../core/usage.js';
import type { SseEvent } from './http/sse-splitter.js';

/** The wire dialects Tollgate speaks to clients and to providers. */
export type Dialect = 'openai' | 'anthropic' | 'gemini' | 'cohere';

/** One configured account at one provider, with secrets; never sent to clients or logs. */
export interface ProviderAccount {
  id: string;
  type: string;
  baseUrl: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
  region?: string;
  apiVersion?: string;
  /** Deployment name → the model it runs (Azure). */
  deployments?: Record<string, string>;
  defaultMaxTokens?: number;
}

export type JsonObject = Record<string, unknown>;

export interface ChatCallContext {
  account: ProviderAccount;
  /** The model name to send upstream. */
  model: string;
  stream: boolean;
  tier: LatencyTier;
  /**
   * Client headers an adapter may forward on the same-dialect lane (lower-case names), e.g.
   * `anthropic-version` and `anthropic-beta`. Never includes the client's credentials.
   */
  clientHeaders?: Readonly<Record<string, string>>;
}

export interface PreparedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Things the adapter changed or dropped that the client should hear about (x-tollgate-warning). */
  warnings: string[];
}

export interface StreamObservation {
  /** This event carries only usage, nothing the client would see otherwise (OpenAI's final chunk). */
  isUsageOnly: boolean;
  /** This event carries the stream's final usage; the cost fields belong in it. */
  carriesFinalUsage: boolean;
  /** This event ends the stream (OpenAI's `[DONE]`, Anthropic's `message_stop`). */
  isTerminal: boolean;
  /** The stream reports an error in-band. */
  failure?: UpstreamFailure;
  /** The model the provider says served, when this event names it. */
  model?: string;
  /** This event's data rewritten for the client (a provider quirk normalised away); relay it instead. */
  rewrittenData?: string;
  /**
   * The member of this event's object that holds its `usage` (the Responses API's `response`),
   * when the usage is not a member of the event itself; the cost members go beside it there.
   */
  usageWithin?: string;
}

/** Reads a stream's events as they pass, keeping what Tollgate needs (usage, errors, model). */
export interface StreamUsageTracker {
  observe(event: SseEvent): StreamObservation;
  /** The merged usage seen so far, or undefined when the provider sent none. */
  usage(): Usage | undefined;
  /** Text the model produced so far, for estimating a stream cut short (bounded). */
  producedText(): string;
}

/** The same-dialect lane: the client's body is forwarded with targeted edits. */
export interface PassthroughChat {
  prepare(body: JsonObject, context: ChatCallContext): PreparedRequest;
  /**
   * A whole response rewritten for the client when the provider's differs from its dialect's
   * standard (a quirk normalised away); undefined when it can be relayed byte for byte.
   */
  normalizeBody?(body: unknown): string | undefined;
  usageFromBody(body: unknown): Usage | undefined;
  modelFromBody(body: unknown): string | undefined;
  trackStream(): StreamUsageTracker;
}

/**
 * The translation lane: a request in the shared ChatRequest vocabulary is built into this
 * adapter's wire format, and its answer parsed back. Used when the client's dialect differs
 * from the adapter's. A parameter the provider cannot honour is either rejected (throw a
 * TollgateError 'unsupported_parameter' naming parameter and provider) or dropped with a
 * warning in PreparedRequest.warnings — never silently ignored.
 */
export interface TranslatedChat {
  prepare(request: ChatRequest, context: ChatCallContext): PreparedRequest;
  parseResponse(body: unknown): ChatResponse;
  streamParser(): TranslatedStreamParser;
}

export interface TranslatedStreamParser {
  /** One upstream SSE event → the deltas it means (often none, sometimes several). */
  push(event: SseEvent): StreamDelta[];
  /** Called when the upstream stream ends; returns any deltas still owed (e.g. a final finish). */
  finish(): StreamDelta[];
  /** Whether the upstream signalled the end of the message (so a missing end is a cut stream). */
  isComplete(): boolean;
  usage(): Usage | undefined;
}

export interface EmbeddingsCall {
  prepare(body: JsonObject, context: Omit<ChatCallContext, 'stream' | 'tier'>): PreparedRequest;
  usageFromBody(body: unknown): Usage | undefined;
  /**
   * Renders the provider's answer as an OpenAI embeddings response (honouring the request's
   * `encoding_format`); absent for OpenAI-format providers, whose answers are relayed as they are.
   */
  toOpenAIResponse?(body: unknown, request: JsonObject, model: string): JsonObject;
}

export interface ProviderAdapter {
  readonly type: string;
  readonly dialect: Dialect;
  readonly defaultBaseUrl: string;
  /** Chat in this adapter's own dialect (the same-dialect lane, for clients that speak it). */
  readonly chat: PassthroughChat;
  /** Chat translated from the shared vocabulary (for clients in another dialect). */
  readonly translated: TranslatedChat;
  /**
   * OpenAI's Responses API on the same-dialect lane, for providers that serve it; it is never
   * translated, so providers without it cannot serve `/v1/responses`.
   */
  readonly responses?: PassthroughChat;
  /**
   * Embeddings from an OpenAI-format embeddings request body, when the provider offers them; the
   * adapter builds its own wire request and renders the answer back in OpenAI's shape.
   */
  readonly embeddings?: EmbeddingsCall;
  classifyError(status: number, headers: Readonly<Record<string, string>>, bodyText: string, nowMs: number): UpstreamFailure;
}
