/** The shared ChatRequest → a Gemini generateContent request (the translated lane). */
import type { ChatRequest } from '../../core/chat.js';
import type { ChatCallContext, JsonObject, PreparedRequest } from '../adapter.js';
import { convertGeminiContents } from './convert-gemini-contents.js';
import { convertGeminiTools } from './convert-gemini-tools.js';
import { geminiGenerationConfig } from './gemini-generation-config.js';
import { applyGeminiTier, geminiRequest, geminiUrl } from './gemini-request.js';

export function translateGeminiRequest(request: ChatRequest, context: ChatCallContext): PreparedRequest {
  const warnings = new Set<string>();
  const { contents, systemInstruction } = convertGeminiContents(request.messages, context.model, warnings);
  const body: JsonObject = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const { tools, toolConfig } = convertGeminiTools(request.tools, request.toolChoice, warnings);
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = geminiGenerationConfig(request, context.model, warnings);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  applyGeminiTier(body, context);
  if (request.parallelToolCalls === false) warnings.add('parallel_tool_calls: gemini cannot be told to call one tool at a time; dropped');
  if (request.logprobs || request.topLogprobs !== undefined) warnings.add('logprobs: not returned through gemini translation; dropped');
  if (request.endUser !== undefined) warnings.add('user: gemini takes no end-user id; dropped');
  const url = geminiUrl(context.account.baseUrl, context.model, context.stream ? 'streamGenerateContent' : 'generateContent');
  return geminiRequest(url, body, context.account, [...warnings]);
}
