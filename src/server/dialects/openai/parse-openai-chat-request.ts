/**
 * An OpenAI chat completion request body → ChatRequest, for targets that speak another dialect.
 * Shapes that are wrong are a 400 naming the field; content no other provider can take (audio,
 * stored file ids) is a 400 'unsupported_parameter'.
 */
import type { ChatMessage, ChatRequest, ChatTool, ReasoningPart, ResponseFormat, ToolChoice } from '../../../core/chat.js';
import { fromZodError, invalidRequest, unsupportedContent } from '../invalid-request.js';
import {
  openAIChatRequestSchema,
  type OpenAIChatRequest,
  type OpenAIFunctionDefinition,
  type OpenAIMessage,
  type OpenAIReasoningDetail,
} from './openai-request-schema.js';
import { textParts, userParts } from './parse-openai-content.js';

export function parseOpenAIChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('', 'the request body must be a JSON object');
  const parsed = openAIChatRequestSchema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  const wire = parsed.data;
  const request: ChatRequest = {
    model: wire.model,
    messages: wire.messages.map((message, index) => chatMessage(message, `messages[${index}]`)),
    stream: wire.stream === true,
  };
  const tools = chatTools(wire);
  if (tools.length > 0) request.tools = tools;
  const toolChoice = chatToolChoice(wire);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  const maxOutputTokens = wire.max_completion_tokens ?? wire.max_tokens;
  if (maxOutputTokens != null) request.maxOutputTokens = maxOutputTokens;
  if (wire.stop != null) {
    const stop = typeof wire.stop === 'string' ? [wire.stop] : wire.stop;
    if (stop.length > 0) request.stop = stop;
  }
  if (wire.response_format) request.responseFormat = responseFormat(wire.response_format);
  const endUser = wire.user ?? wire.safety_identifier;
  if (endUser) request.endUser = endUser;
  assign(request, 'parallelToolCalls', wire.parallel_tool_calls);
  assign(request, 'temperature', wire.temperature);
  assign(request, 'topP', wire.top_p);
  assign(request, 'frequencyPenalty', wire.frequency_penalty);
  assign(request, 'presencePenalty', wire.presence_penalty);
  assign(request, 'seed', wire.seed);
  assign(request, 'n', wire.n);
  assign(request, 'reasoningEffort', wire.reasoning_effort);
  assign(request, 'logprobs', wire.logprobs);
  assign(request, 'topLogprobs', wire.top_logprobs);
  return request;
}

function chatMessage(message: OpenAIMessage, where: string): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textParts(message.content) };
    case 'user': {
      const user: ChatMessage = { role: 'user', content: userParts(message.content, `${where}.content`) };
      if (message.name) user.name = message.name;
      return user;
    }
    case 'assistant': {
      const content = typeof message.content === 'string' || message.content == null
        ? textParts(message.content)
        : message.content.map((part) => ({ type: 'text' as const, text: part.type === 'text' ? part.text : part.refusal }));
      const assistant: ChatMessage = { role: 'assistant', content };
      const toolCalls = (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
      if (message.function_call) toolCalls.push({ id: legacyCallId(message.function_call.name), name: message.function_call.name, arguments: message.function_call.arguments });
      if (toolCalls.length > 0) assistant.toolCalls = toolCalls;
      const reasoning = reasoningParts(message.reasoning_details, message.reasoning_content);
      if (reasoning.length > 0) assistant.reasoning = reasoning;
      if (message.name) assistant.name = message.name;
      return assistant;
    }
    case 'tool':
      return { role: 'tool', toolCallId: message.tool_call_id, content: textParts(message.content) };
    case 'function':
      return { role: 'tool', toolCallId: legacyCallId(message.name), content: textParts(message.content) };
  }
}

/** The legacy `function_call` / role `function` pair has no ids; the function name pairs them. */
function legacyCallId(name: string): string {
  return `call_${name}`;
}

/** Signed reasoning comes back in `reasoning_details` (the shape Tollgate renders it in); plain text is kept otherwise. */
function reasoningParts(details: readonly OpenAIReasoningDetail[] | null | undefined, text: string | null | undefined): ReasoningPart[] {
  const parts: ReasoningPart[] = [];
  for (const detail of details ?? []) {
    if (detail.type === 'reasoning.encrypted' && detail.data) parts.push({ text: '', redactedData: detail.data });
    else if (detail.type === 'reasoning.text' || detail.type === 'reasoning.summary') {
      const part: ReasoningPart = { text: detail.text ?? detail.summary ?? '' };
      if (detail.signature) part.signature = detail.signature;
      parts.push(part);
    }
  }
  if (parts.length === 0 && text) parts.push({ text });
  return parts;
}

function chatTools(wire: OpenAIChatRequest): ChatTool[] {
  const tools: ChatTool[] = [];
  (wire.tools ?? []).forEach((tool, index) => {
    if (tool.type !== 'function' || !tool.function) {
      throw unsupportedContent(`tools[${index}]`, `tools of type "${tool.type}" cannot be translated; only function tools can`);
    }
    tools.push(chatTool(tool.function));
  });
  for (const definition of wire.functions ?? []) tools.push(chatTool(definition));
  return tools;
}

function chatTool(definition: OpenAIFunctionDefinition): ChatTool {
  const tool: ChatTool = { name: definition.name, parameters: definition.parameters ?? { type: 'object', properties: {} } };
  if (definition.description) tool.description = definition.description;
  if (definition.strict != null) tool.strict = definition.strict;
  return tool;
}

function chatToolChoice(wire: OpenAIChatRequest): ToolChoice | undefined {
  const choice = wire.tool_choice;
  if (choice != null) return typeof choice === 'string' ? choice : { name: choice.function.name };
  const legacy = wire.function_call;
  if (legacy == null) return undefined;
  return typeof legacy === 'string' ? legacy : { name: legacy.name };
}

function responseFormat(format: NonNullable<OpenAIChatRequest['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const schema = format.json_schema;
  const translated: ResponseFormat = { type: 'json_schema', name: schema.name, schema: schema.schema ?? { type: 'object' } };
  if (schema.strict != null) translated.strict = schema.strict;
  if (schema.description) translated.description = schema.description;
  return translated;
}

function assign<K extends keyof ChatRequest>(request: ChatRequest, key: K, value: ChatRequest[K] | null | undefined): void {
  if (value !== null && value !== undefined) request[key] = value;
}
