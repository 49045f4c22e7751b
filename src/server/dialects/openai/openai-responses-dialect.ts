/**
 * OpenAI's Responses API (`POST /v1/responses`) as the chat pipeline uses it: relayed, never
 * translated. Only targets whose adapter serves the Responses API (OpenAI-format providers that
 * have it) can answer; any other target refuses the request with a 400.
 */
import { TollgateError, toOpenAIErrorBody } from '../../../core/errors.js';
import type { JsonObject } from '../../../providers/adapter.js';
import { parseBody } from '../../chat/chat-body-schema.js';
import type { ClientDialect } from '../../chat/client-dialect.js';
import { responsesBodySchema } from '../../chat/responses-body-schema.js';

export const openAIResponsesDialect: ClientDialect = {
  name: 'openai',
  endpoint: 'responses',
  readEnvelope(body) {
    const parsed = parseBody(responsesBodySchema, body);
    // Usage always arrives in the stream's `response.completed`, so the cost always travels in it.
    return { body: parsed as JsonObject, model: parsed.model, stream: parsed.stream === true, clientAskedUsage: true };
  },
  passthroughOf: (adapter) => adapter.responses,
  toChatRequest(body) {
    const model = typeof body.model === 'string' ? body.model : '';
    throw new TollgateError(
      'invalid_request',
      `model "${model}": the Responses API (/v1/responses) is relayed only to OpenAI-format providers that serve it (types openai and azure-openai), and this model's target is not one. Use /v1/chat/completions, which works with every provider.`,
      { param: 'model', isRetryable: false },
    );
  },
  untranslatedFields: () => [],
  // Unreachable: toChatRequest refuses every target that would need translation.
  renderResponse() {
    throw new TollgateError('internal_error', 'the Responses API has no translation lane');
  },
  createStreamRenderer() {
    throw new TollgateError('internal_error', 'the Responses API has no translation lane');
  },
  errorEvent(message, code) {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param: null })}\n\n`;
  },
  errorBody(error) {
    return toOpenAIErrorBody(error);
  },
};
