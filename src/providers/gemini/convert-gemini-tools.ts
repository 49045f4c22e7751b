/**
 * Tools → Gemini `functionDeclarations` (schemas in `parametersJsonSchema`, trimmed to the subset
 * Gemini takes) and tool_choice → `toolConfig.functionCallingConfig`.
 */
import type { ChatTool, ToolChoice } from '../../core/chat.js';
import type { JsonObject } from '../adapter.js';
import { sanitizeGeminiSchema } from './gemini-json-schema.js';

export interface GeminiTools {
  tools?: JsonObject[];
  toolConfig?: JsonObject;
}

export function convertGeminiTools(tools: readonly ChatTool[] | undefined, toolChoice: ToolChoice | undefined, warnings: Set<string>): GeminiTools {
  if (!tools || tools.length === 0) {
    if (typeof toolChoice === 'object' || toolChoice === 'required') warnings.add('tool_choice asks for a tool but no tools were given; ignored');
    return {};
  }
  const functionDeclarations = tools.map((tool) => {
    const { schema, removed } = sanitizeGeminiSchema(tool.parameters);
    if (removed.length > 0) warnings.add(`tools.${tool.name}.parameters: ${removed.join(', ')} not supported by gemini; removed`);
    const declaration: JsonObject = { name: tool.name };
    if (tool.description !== undefined) declaration.description = tool.description;
    declaration.parametersJsonSchema = schema;
    return declaration;
  });
  const result: GeminiTools = { tools: [{ functionDeclarations }] };
  const config = functionCallingConfig(toolChoice);
  if (config) result.toolConfig = { functionCallingConfig: config };
  return result;
}

function functionCallingConfig(toolChoice: ToolChoice | undefined): JsonObject | undefined {
  if (toolChoice === undefined) return undefined;
  if (toolChoice === 'auto') return { mode: 'AUTO' };
  if (toolChoice === 'none') return { mode: 'NONE' };
  if (toolChoice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [toolChoice.name] };
}
