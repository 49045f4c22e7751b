/**
 * The same-dialect lane for a client that speaks Cohere v2: its chat body goes upstream with
 * targeted edits only (the model, the stream flag).
 */
import type { Usage } from '../../core/usage.js';
import type { ChatCallContext, JsonObject, PassthroughChat } from '../adapter.js';
import { CohereStreamTracker } from './cohere-stream-tracker.js';
import { cohereRequest, cohereTierWarning, cohereUrl } from './cohere-request.js';
import { convertCohereUsage } from './convert-cohere-usage.js';

export const coherePassthrough: PassthroughChat = {
  prepare(body: JsonObject, context: ChatCallContext) {
    const out: JsonObject = { ...body, model: context.model, stream: context.stream };
    const tierWarning = cohereTierWarning(context.tier);
    return cohereRequest(cohereUrl(context.account.baseUrl, '/chat'), out, context.account, tierWarning ? [tierWarning] : []);
  },
  usageFromBody(body: unknown): Usage | undefined {
    return isObject(body) ? convertCohereUsage(body.usage) : undefined;
  },
  /** Cohere's answers do not name the model that served. */
  modelFromBody(): string | undefined {
    return undefined;
  },
  trackStream() {
    return new CohereStreamTracker();
  },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
