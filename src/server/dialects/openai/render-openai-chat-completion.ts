/** ChatResponse → an OpenAI `chat.completion` object, with the usage object the caller built (cost members included). */
import type { ChatChoice, ChatResponse } from '../../../core/chat.js';
import { openAIFinishReason } from './openai-finish-reason.js';
import { hasSignedReasoning, reasoningDetailJson } from './render-openai-reasoning.js';

type JsonObject = Record<string, unknown>;

export function renderOpenAIChatCompletion(response: ChatResponse, usageJson: JsonObject | undefined): JsonObject {
  const completion: JsonObject = {
    id: response.id,
    object: 'chat.completion',
    created: Math.floor(response.createdAt.getTime() / 1000),
    model: response.model,
    choices: response.choices.map(renderChoice),
  };
  if (usageJson !== undefined) completion.usage = usageJson;
  return completion;
}

function renderChoice(choice: ChatChoice): JsonObject {
  const message: JsonObject = {
    role: 'assistant',
    content: choice.text === '' && choice.toolCalls.length > 0 ? null : choice.text,
    refusal: null,
  };
  if (choice.toolCalls.length > 0) {
    message.tool_calls = choice.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  if (choice.reasoning.length > 0) {
    message.reasoning_content = choice.reasoning.map((part) => part.text).join('');
    if (hasSignedReasoning(choice.reasoning)) message.reasoning_details = choice.reasoning.map(reasoningDetailJson);
  }
  return { index: choice.index, message, logprobs: null, finish_reason: openAIFinishReason(choice.finishReason) };
}
