/**
 * What the chat pipeline needs to know about the dialect a client speaks: how to read the
 * fields Tollgate routes on, how to translate the request when the target speaks another
 * dialect, and how to write answers, streams and errors back in the client's own shape.
 */
import type { ChatRequest, ChatResponse, StreamDelta } from '../../core/chat.js';
import type { TollgateError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { CostBreakdown } from '../../pricing/index.js';
import type { Dialect, JsonObject, PassthroughChat, ProviderAdapter } from '../../providers/adapter.js';

export interface ChatEnvelope {
  body: JsonObject;
  model: string;
  stream: boolean;
  /** Whether the client wants usage in the stream (OpenAI's include_usage; Anthropic always). */
  clientAskedUsage: boolean;
}

export interface DialectStreamRenderer {
  /** SSE text for one translated delta (often empty). */
  render(delta: StreamDelta): string;
  /** The closing SSE text: final usage with the cost members, or the cost comment, and the end marker. */
  finish(usage: Usage | undefined, cost: CostBreakdown, costMembers: string, clientAskedUsage: boolean): string;
}

export interface ClientDialect {
  name: Extract<Dialect, 'openai' | 'anthropic'>;
  endpoint: 'chat' | 'messages' | 'responses';
  /**
   * The target adapter's same-dialect call for this endpoint, when it is not its chat (the
   * Responses API); undefined when the adapter has none, which sends the request to translation.
   */
  passthroughOf?(adapter: ProviderAdapter): PassthroughChat | undefined;
  /** Reads the fields Tollgate acts on; throws a 400 naming the field. */
  readEnvelope(body: unknown): ChatEnvelope;
  /** The whole request in the shared vocabulary; throws a 400 for what cannot be translated. */
  toChatRequest(body: JsonObject): ChatRequest;
  /** Fields that translation would lose, to be reported as warnings. */
  untranslatedFields(body: JsonObject): string[];
  renderResponse(response: ChatResponse, usage: Usage | undefined): JsonObject;
  createStreamRenderer(options: { requestId: string; model: string; createdSeconds: number }): DialectStreamRenderer;
  /** An in-band SSE error event, for failures after the stream has started. */
  errorEvent(message: string, code: string): string;
  errorBody(error: TollgateError, requestId: string): object;
}
