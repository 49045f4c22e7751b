/**
 * An Anthropic Messages request body → ChatRequest, for targets that speak another dialect.
 * A user turn's tool_result blocks become tool messages ahead of the rest of the turn; the
 * thinking settings become a budget or an effort; `metadata.user_id` is the end user.
 */
import type { ChatContentPart, ChatMessage, ChatRequest, ChatTool, ChatToolCall, ReasoningEffort, ReasoningPart, ToolChoice } from '../../../core/chat.js';
import { fromZodError, invalidRequest, parseField, unsupportedContent } from '../invalid-request.js';
import { anthropicMessagesRequestSchema, toolResultBlockSchema, type AnthropicBlock, type AnthropicMessagesRequest } from './anthropic-request-schema.js';
import { parseBlock, parsePart, withCacheControl } from './parse-anthropic-content.js';

export function parseAnthropicMessagesRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('', 'the request body must be a JSON object');
  const parsed = anthropicMessagesRequestSchema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  const wire = parsed.data;
  const messages: ChatMessage[] = [];
  const system = systemParts(wire.system);
  if (system.length > 0) messages.push({ role: 'system', content: system });
  wire.messages.forEach((message, index) => {
    const blocks: AnthropicBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    const path = ['messages', index, 'content'];
    messages.push(...(message.role === 'user' ? userTurn(blocks, path) : [assistantTurn(blocks, path)]));
  });
  const request: ChatRequest = { model: wire.model, messages, stream: wire.stream === true, maxOutputTokens: wire.max_tokens };
  const tools = (wire.tools ?? []).map(chatTool);
  if (tools.length > 0) request.tools = tools;
  if (wire.tool_choice) {
    const choice = toolChoice(wire.tool_choice);
    if (choice) request.toolChoice = choice;
    if (wire.tool_choice.disable_parallel_tool_use === true) request.parallelToolCalls = false;
  }
  if (wire.stop_sequences && wire.stop_sequences.length > 0) request.stop = wire.stop_sequences;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.top_k != null) request.topK = wire.top_k;
  setReasoning(request, wire);
  const format = wire.output_config?.format;
  if (format) request.responseFormat = { type: 'json_schema', name: 'response', schema: format.schema, strict: true };
  if (wire.metadata?.user_id) request.endUser = wire.metadata.user_id;
  return request;
}

function systemParts(system: AnthropicMessagesRequest['system']): ChatContentPart[] {
  if (system == null) return [];
  if (typeof system === 'string') return system === '' ? [] : [{ type: 'text', text: system }];
  return system.map((block, index) => {
    const part = parsePart(block, ['system', index]);
    if (part.type !== 'text') throw unsupportedContent(`system[${index}]`, 'the system prompt takes text blocks only');
    return part;
  });
}

/** Tool results lead an Anthropic user turn; each becomes a tool message, the rest one user message. */
function userTurn(blocks: readonly AnthropicBlock[], path: readonly PropertyKey[]): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const content: ChatContentPart[] = [];
  blocks.forEach((block, index) => {
    const blockPath = [...path, index];
    if (block.type === 'tool_result') {
      toolMessages.push(toolMessage(block, blockPath));
      return;
    }
    const parsed = parseBlock(block, blockPath);
    if (parsed.kind !== 'part') throw invalidRequest(`messages[${String(path[1])}].content[${index}]`, `"${block.type}" blocks belong in assistant turns`);
    content.push(parsed.part);
  });
  return content.length > 0 ? [...toolMessages, { role: 'user', content }] : toolMessages;
}

function toolMessage(block: AnthropicBlock, path: readonly PropertyKey[]): ChatMessage {
  const result = parseField(toolResultBlockSchema, block, path);
  const inner: AnthropicBlock[] = result.content == null ? [] : typeof result.content === 'string' ? [{ type: 'text', text: result.content }] : result.content;
  const content = inner.map((part, index) => parsePart(part, [...path, 'content', index]));
  const lastPart = content.at(-1);
  // cache_control on the tool_result block itself marks the end of its content as the breakpoint.
  if (result.cache_control && lastPart) withCacheControl(lastPart, result.cache_control);
  const message: ChatMessage = { role: 'tool', toolCallId: result.tool_use_id, content };
  if (result.is_error) message.isError = true;
  return message;
}

function assistantTurn(blocks: readonly AnthropicBlock[], path: readonly PropertyKey[]): ChatMessage {
  const content: ChatContentPart[] = [];
  const toolCalls: ChatToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  blocks.forEach((block, index) => {
    const parsed = parseBlock(block, [...path, index]);
    if (parsed.kind === 'part') content.push(parsed.part);
    else if (parsed.kind === 'tool-call') toolCalls.push(parsed.call);
    else reasoning.push(parsed.reasoning);
  });
  const message: ChatMessage = { role: 'assistant', content };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (reasoning.length > 0) message.reasoning = reasoning;
  return message;
}

function chatTool(tool: NonNullable<AnthropicMessagesRequest['tools']>[number], index: number): ChatTool {
  if (tool.type != null && tool.type !== 'custom') {
    throw unsupportedContent(`tools[${index}]`, `"${tool.type}" is an Anthropic-defined tool that only Anthropic can run; it cannot be translated for another provider`);
  }
  if (!tool.input_schema) throw invalidRequest(`tools[${index}].input_schema`, 'Field required');
  const translated: ChatTool = { name: tool.name, parameters: tool.input_schema };
  if (tool.description) translated.description = tool.description;
  if (tool.strict != null) translated.strict = tool.strict;
  return translated;
}

function toolChoice(choice: NonNullable<AnthropicMessagesRequest['tool_choice']>): ToolChoice | undefined {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'none':
      return 'none';
    case 'any':
      return 'required';
    case 'tool':
      if (!choice.name) throw invalidRequest('tool_choice.name', 'Field required');
      return { name: choice.name };
  }
}

/** Anthropic's `max` effort is the most there is, which other dialects call `xhigh`. */
function setReasoning(request: ChatRequest, wire: AnthropicMessagesRequest): void {
  const thinking = wire.thinking;
  if (thinking?.type === 'enabled') request.reasoningBudgetTokens = thinking.budget_tokens;
  else if (thinking?.type === 'adaptive') {
    const effort = wire.output_config?.effort;
    const mapped: ReasoningEffort = effort === 'max' ? 'xhigh' : (effort ?? 'medium');
    request.reasoningEffort = mapped;
  }
}
