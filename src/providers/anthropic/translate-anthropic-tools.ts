/**
 * Tools, tool choice and response format → Anthropic. A JSON response format becomes either
 * Anthropic's own structured output (`output_config.format`, for a strict schema on a model
 * that has it) or a forced tool whose input is the answer; the response translation turns that
 * tool's call back into text, so the client sees a plain JSON answer either way.
 */
import type { ChatRequest, ChatTool, JsonSchema, ResponseFormat } from '../../core/chat.js';
import type { JsonObject } from '../adapter.js';
import { supportsNativeStructuredOutput } from './anthropic-model-facts.js';

/** The tool a JSON response format is answered through; its calls are read back as text. */
export const RESPONSE_FORMAT_TOOL = 'tollgate_json_response';

export interface AnthropicToolFields {
  tools?: JsonObject[];
  tool_choice?: JsonObject;
  output_config?: JsonObject;
  /** A tool is forced, which rules out extended thinking. */
  forcesTool: boolean;
}

export function translateAnthropicTools(request: ChatRequest, model: string, warnings: string[]): AnthropicToolFields {
  const hasStrictTools = supportsNativeStructuredOutput(model);
  const tools = (request.tools ?? []).map((tool) => toolDefinition(tool, hasStrictTools));
  const fields: AnthropicToolFields = { forcesTool: false };
  let choice: JsonObject | undefined = request.toolChoice === undefined ? undefined : toolChoice(request.toolChoice);
  const format = request.responseFormat;
  if (format && format.type !== 'text') {
    if (format.type === 'json_schema' && format.strict === true && supportsNativeStructuredOutput(model)) {
      fields.output_config = { format: { type: 'json_schema', schema: format.schema } };
    } else {
      tools.push(responseTool(format));
      choice = responseToolChoice(choice, tools.length === 1);
      if (format.type === 'json_object') warnings.push('response_format json_object: Anthropic has no JSON mode; the answer is taken from a forced tool call');
    }
  }
  if (tools.length === 0) {
    if (request.toolChoice !== undefined && request.toolChoice !== 'none' && request.toolChoice !== 'auto') {
      warnings.push('tool_choice without tools is not sent to Anthropic');
    }
    return fields;
  }
  fields.tools = tools;
  if (request.parallelToolCalls === false) choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  if (choice) {
    fields.tool_choice = choice;
    fields.forcesTool = choice.type === 'any' || choice.type === 'tool';
  }
  return fields;
}

/** Strict tool input (constrained decoding) came with structured outputs; older models are sent the tool without it. */
function toolDefinition(tool: ChatTool, hasStrictTools: boolean): JsonObject {
  const definition: JsonObject = { name: tool.name, input_schema: objectSchema(tool.parameters) };
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.strict === true && hasStrictTools) definition.strict = true;
  return definition;
}

/** Anthropic requires an object schema for tool input; `{}` (no parameters) means an empty object. */
function objectSchema(schema: JsonSchema): JsonSchema {
  return schema.type === undefined ? { type: 'object', properties: {}, ...schema } : schema;
}

function toolChoice(choice: NonNullable<ChatRequest['toolChoice']>): JsonObject {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

function responseTool(format: Exclude<ResponseFormat, { type: 'text' }>): JsonObject {
  if (format.type === 'json_object') {
    return { name: RESPONSE_FORMAT_TOOL, description: 'Give your answer as a JSON object through this tool.', input_schema: { type: 'object', additionalProperties: true } };
  }
  return {
    name: RESPONSE_FORMAT_TOOL,
    description: format.description ?? `Give your answer through this tool, as ${format.name}.`,
    input_schema: objectSchema(format.schema),
  };
}

/**
 * With no tools of the client's, the answer tool is forced. With the client's tools beside it,
 * the model must call one of them or answer through it (OpenAI's "tools or a JSON answer").
 */
function responseToolChoice(clientChoice: JsonObject | undefined, isOnlyTool: boolean): JsonObject {
  if (isOnlyTool || clientChoice?.type === 'none') return { type: 'tool', name: RESPONSE_FORMAT_TOOL };
  if (clientChoice?.type === 'tool') return clientChoice;
  return { type: 'any' };
}
