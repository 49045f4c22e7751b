/**
 * The shared message list → Gemini `contents` (roles `user` / `model`) and `systemInstruction`.
 *   - Assistant tool calls become `functionCall` parts; tool results become `functionResponse`
 *     parts in a user turn, named by the call they answer (looked up by id, else by position
 *     after the assistant turn), with the result as `{output}` or `{error}`.
 *   - Reasoning goes back as `thought` parts with their signatures; a signature without text (one
 *     Gemini put on a function call or an empty part) is reattached to the turn's function calls
 *     in order, else to its last text part. Gemini 3 refuses a function call in the history without
 *     its signature; when a client lost it, Gemini's documented validator-skip marker is sent.
 *   - Adjacent turns of one role are merged, as Gemini expects alternation.
 */
import type { ChatMessage, ChatToolCall } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { JsonObject } from '../adapter.js';
import { convertGeminiPart } from './convert-gemini-parts.js';
import { isGemini3OrLater } from './gemini-model-family.js';

export interface GeminiContent {
  role: 'user' | 'model';
  parts: JsonObject[];
}

export interface GeminiContents {
  contents: GeminiContent[];
  systemInstruction?: { parts: JsonObject[] };
}

export const SKIP_SIGNATURE_VALIDATION = 'skip_thought_signature_validator';

export function convertGeminiContents(messages: readonly ChatMessage[], model: string, warnings: Set<string>): GeminiContents {
  const callNames = new Map<string, string>();
  for (const message of messages) if (message.role === 'assistant') for (const call of message.toolCalls ?? []) callNames.set(call.id, call.name);

  const systemParts: JsonObject[] = [];
  const contents: GeminiContent[] = [];
  let lastCalls: readonly ChatToolCall[] = [];
  let resultsSinceCalls = 0;
  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system':
        for (const part of message.content) {
          if (part.type === 'text') systemParts.push({ text: part.text });
          else warnings.add('gemini takes only text as a system instruction; non-text system content was dropped');
        }
        return;
      case 'user':
        if (message.name !== undefined) warnings.add('message name is not supported by gemini; dropped');
        append(contents, 'user', message.content.map((part) => convertGeminiPart(part, warnings)));
        return;
      case 'assistant':
        lastCalls = message.toolCalls ?? [];
        resultsSinceCalls = 0;
        append(contents, 'model', modelParts(message, position, model, warnings));
        return;
      case 'tool': {
        const name = callNames.get(message.toolCallId) ?? lastCalls[resultsSinceCalls]?.name;
        resultsSinceCalls += 1;
        if (name === undefined) {
          throw new TollgateError('invalid_request', `messages[${position}].tool_call_id: no assistant tool call "${message.toolCallId}" precedes this tool result`, {
            param: `messages[${position}].tool_call_id`,
            isRetryable: false,
          });
        }
        append(contents, 'user', [functionResponse(message, name, warnings)]);
        return;
      }
    }
  });
  const result: GeminiContents = { contents };
  if (systemParts.length > 0) result.systemInstruction = { parts: systemParts };
  return result;
}

function modelParts(message: Extract<ChatMessage, { role: 'assistant' }>, position: number, model: string, warnings: Set<string>): JsonObject[] {
  const thoughts: JsonObject[] = [];
  const looseSignatures: string[] = [];
  for (const reasoning of message.reasoning ?? []) {
    if (reasoning.text !== '') thoughts.push({ text: reasoning.text, thought: true, ...(reasoning.signature ? { thoughtSignature: reasoning.signature } : {}) });
    else if (reasoning.signature) looseSignatures.push(reasoning.signature);
  }
  const content = message.content.map((part) => convertGeminiPart(part, warnings));
  const calls: JsonObject[] = (message.toolCalls ?? []).map((call, index) => ({
    functionCall: { name: call.name, args: parseArguments(call.arguments, position, index) },
  }));
  for (const call of calls) {
    const signature = looseSignatures.shift();
    if (signature) call.thoughtSignature = signature;
  }
  const lastText = [...content].reverse().find((part) => typeof part.text === 'string');
  if (looseSignatures.length > 0) {
    if (lastText) lastText.thoughtSignature = looseSignatures[0];
    else content.push({ text: '', thoughtSignature: looseSignatures[0] });
  }
  const firstCall = calls[0];
  if (firstCall && !firstCall.thoughtSignature && isGemini3OrLater(model)) {
    firstCall.thoughtSignature = SKIP_SIGNATURE_VALIDATION;
    warnings.add('a tool call in the history came back without its Gemini thought signature; sent with Gemini\'s validator-skip marker, which may reduce answer quality');
  }
  return [...thoughts, ...content, ...calls];
}

function functionResponse(message: Extract<ChatMessage, { role: 'tool' }>, name: string, warnings: Set<string>): JsonObject {
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') texts.push(part.text);
    else warnings.add('gemini tool results carry text only here; non-text tool result content was dropped');
  }
  const value = parseJsonOrText(texts.join(''));
  return { functionResponse: { name, response: message.isError ? { error: value } : { output: value } } };
}

function parseArguments(text: string, position: number, index: number): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new TollgateError('invalid_request', `messages[${position}].tool_calls[${index}].function.arguments: gemini needs a JSON object`, {
    param: `messages[${position}].tool_calls[${index}].function.arguments`,
    isRetryable: false,
  });
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function append(contents: GeminiContent[], role: GeminiContent['role'], parts: JsonObject[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}
