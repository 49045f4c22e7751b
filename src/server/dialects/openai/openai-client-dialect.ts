/** The OpenAI chat completions dialect, as the chat pipeline uses it. */
import type { TollgateError} from '../../../core/errors.js';
import { toOpenAIErrorBody } from '../../../core/errors.js';
import type { JsonObject } from '../../../providers/adapter.js';
import { chatBodySchema, parseBody } from '../../chat/chat-body-schema.js';
import type { ClientDialect } from '../../chat/client-dialect.js';
import { costCommentEvent } from '../../relay/cost-fields.js';
import { spliceUsageCost } from '../../relay/splice-usage-cost.js';
import { OpenAIChunkRenderer } from './openai-chunk-renderer.js';
import { openAIUsageJson } from './openai-usage-json.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';
import { renderOpenAIChatCompletion } from './render-openai-chat-completion.js';
import { untranslatedOpenAIFields } from './untranslated-openai-fields.js';

export const openAIClientDialect: ClientDialect = {
  name: 'openai',
  endpoint: 'chat',
  readEnvelope(body) {
    const parsed = parseBody(chatBodySchema, body);
    return { body: parsed as JsonObject, model: parsed.model, stream: parsed.stream === true, clientAskedUsage: parsed.stream_options?.include_usage === true };
  },
  toChatRequest: parseOpenAIChatRequest,
  untranslatedFields: untranslatedOpenAIFields,
  renderResponse(response, usage) {
    return renderOpenAIChatCompletion(response, usage ? { ...openAIUsageJson(usage) } : undefined);
  },
  createStreamRenderer({ requestId, model, createdSeconds }) {
    const renderer = new OpenAIChunkRenderer({ id: `chatcmpl-${requestId}`, model, created: createdSeconds });
    return {
      render(delta) {
        return renderer
          .render(delta)
          .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
          .join('');
      },
      finish(usage, cost, costMembers, clientAskedUsage) {
        const usageChunk = clientAskedUsage && usage ? `data: ${spliceUsageCost(JSON.stringify(renderer.usageChunk({ ...openAIUsageJson(usage) })), costMembers)}\n\n` : '';
        const comment = usageChunk ? '' : costCommentEvent(requestId, cost);
        return `${usageChunk}${comment}data: [DONE]\n\n`;
      },
    };
  },
  errorEvent(message, code) {
    return `data: ${JSON.stringify({ error: { message, type: 'upstream_error', param: null, code } })}\n\n`;
  },
  errorBody(error: TollgateError) {
    return toOpenAIErrorBody(error);
  },
};
