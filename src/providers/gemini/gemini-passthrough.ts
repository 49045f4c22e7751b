/**
 * The same-dialect lane for a client that speaks Gemini: its generateContent body goes upstream
 * with targeted edits only (the latency tier), to the method the stream flag names.
 */
import type { Usage } from '../../core/usage.js';
import type { ChatCallContext, JsonObject, PassthroughChat } from '../adapter.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { GeminiStreamTracker } from './gemini-stream-tracker.js';
import { applyGeminiTier, geminiRequest, geminiUrl } from './gemini-request.js';

export function createGeminiPassthrough(now: () => number): PassthroughChat {
  return {
    prepare(body: JsonObject, context: ChatCallContext) {
      const { model: _model, ...out } = body;
      applyGeminiTier(out, context);
      const url = geminiUrl(context.account.baseUrl, context.model, context.stream ? 'streamGenerateContent' : 'generateContent');
      return geminiRequest(url, out, context.account, []);
    },
    usageFromBody(body: unknown): Usage | undefined {
      return isObject(body) ? convertGeminiUsage(body.usageMetadata) : undefined;
    },
    modelFromBody(body: unknown): string | undefined {
      return isObject(body) && typeof body.modelVersion === 'string' ? body.modelVersion : undefined;
    },
    trackStream() {
      return new GeminiStreamTracker(now);
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
