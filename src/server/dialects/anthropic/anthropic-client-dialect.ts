/** The Anthropic Messages dialect, as the chat pipeline uses it (POST /v1/messages). */
import { toAnthropicErrorBody, type TollgateError } from '../../../core/errors.js';
import type { JsonObject } from '../../../providers/adapter.js';
import type { ClientDialect } from '../../chat/client-dialect.js';
import { invalidRequest } from '../invalid-request.js';
import { AnthropicEventRenderer } from './anthropic-event-renderer.js';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';
import { renderAnthropicMessage } from './render-anthropic-message.js';
import { untranslatedAnthropicFields } from './untranslated-anthropic-fields.js';

export const anthropicClientDialect: ClientDialect = {
  name: 'anthropic',
  endpoint: 'messages',
  readEnvelope(body) {
    // Validating the whole request up front gives Anthropic's own 400s (max_tokens required, …)
    // whichever lane serves it.
    parseAnthropicMessagesRequest(body);
    if (!isJsonObject(body)) throw invalidRequest('', 'the request body must be a JSON object');
    const envelope = body;
    const model = envelope.model;
    if (typeof model !== 'string' || model === '') throw invalidRequest('model', 'model is required');
    return { body: envelope, model, stream: envelope.stream === true, clientAskedUsage: true };
  },
  toChatRequest: parseAnthropicMessagesRequest,
  untranslatedFields: untranslatedAnthropicFields,
  renderResponse: renderAnthropicMessage,
  createStreamRenderer({ requestId, model }) {
    const renderer = new AnthropicEventRenderer({ id: `msg_${requestId.replace(/^tg-/, '').replace(/-/g, '')}`, model, ping: true });
    return {
      render: (delta) => renderer.render(delta),
      finish: (usage, _cost, costMembers) => renderer.end(usage, costMembers),
    };
  },
  errorEvent(message, code) {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: code === 'overloaded' ? 'overloaded_error' : 'api_error', message } })}\n\n`;
  },
  errorBody(error: TollgateError, requestId: string) {
    return toAnthropicErrorBody(error, requestId);
  },
};

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
