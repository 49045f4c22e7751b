/**
 * Plans Gemini candidates: which functions to call (toolConfig modes AUTO / ANY / NONE, with
 * allowedFunctionNames), JSON answers for responseMimeType application/json (responseJsonSchema,
 * or responseSchema converted from Gemini's Schema), thinking within maxOutputTokens, and the
 * prompt tokens built-in tools (Google Search, URL context, code execution) feed back, billed as
 * `toolUsePromptTokenCount`.
 */
import { applyContentFilter, planAnswer, type PlannedAnswer, type PlannedToolCall, type ResponseFormat } from '../answer-plan.js';
import { createSeededRandom } from '../seeded-random.js';
import { generateProsePieces } from '../text-generator.js';
import { chooseToolCalls, type ToolChoiceMode, type ToolSpec } from '../tool-decision.js';
import type { GenerateContentRequest } from './gemini-request.js';
import { geminiSchemaToJsonSchema } from './gemini-schema.js';
import type { ThinkingPlan } from './gemini-thinking.js';

export type GeminiFinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY';

export interface GeminiCandidatePlan {
  index: number;
  plan: PlannedAnswer;
  /** Calls whose arguments are whole (a call cut by the cap is dropped, as Gemini sends objects). */
  calls: PlannedToolCall[];
  thoughtSummary: string | undefined;
  /** Text, calls: what `candidatesTokenCount` bills. */
  candidateTokens: number;
  finishReason: GeminiFinishReason;
}

export interface CandidateOptions {
  seed: number;
  targetTokens: number;
  thinking: ThinkingPlan;
  isContentFiltered: boolean;
}

function toolChoice(request: GenerateContentRequest): { mode: ToolChoiceMode; allowed: readonly string[] | undefined } {
  const config = request.toolConfig?.functionCallingConfig;
  const allowed = config?.allowedFunctionNames;
  switch (config?.mode) {
    case 'NONE':
      return { mode: { kind: 'none' }, allowed };
    case 'ANY':
      return { mode: allowed?.length === 1 && allowed[0] !== undefined ? { kind: 'named', name: allowed[0] } : { kind: 'required' }, allowed };
    default:
      return { mode: { kind: 'auto' }, allowed };
  }
}

export function functionTools(request: GenerateContentRequest): ToolSpec[] {
  return (request.tools ?? []).flatMap((tool) =>
    (tool.functionDeclarations ?? []).map((declaration) => ({
      name: declaration.name,
      parameters: declaration.parametersJsonSchema ?? (declaration.parameters === undefined ? { type: 'object', properties: {} } : geminiSchemaToJsonSchema(declaration.parameters)),
    })),
  );
}

export function lastUserTurn(request: GenerateContentRequest): { isUserTurn: boolean; text: string } {
  const last = request.contents[request.contents.length - 1];
  if (last === undefined || (last.role !== undefined && last.role !== 'user')) return { isUserTurn: false, text: '' };
  if (last.parts.some((part) => part.functionResponse !== undefined)) return { isUserTurn: false, text: '' };
  return { isUserTurn: true, text: last.parts.map((part) => part.text ?? '').join('\n') };
}

/** Tokens the built-in tools read back into the prompt when they run (a user turn with such a tool offered). */
export function toolUsePromptTokens(request: GenerateContentRequest, seed: number): number {
  const hasBuiltInTool = (request.tools ?? []).some((tool) => tool.googleSearch !== undefined || tool.googleSearchRetrieval !== undefined || tool.urlContext !== undefined || tool.codeExecution !== undefined);
  return hasBuiltInTool && lastUserTurn(request).isUserTurn ? 48 + (Math.floor(seed / 64) % 97) : 0;
}

function responseFormat(request: GenerateContentRequest): ResponseFormat {
  const config = request.generationConfig;
  if (config?.responseMimeType !== 'application/json') return { kind: 'text' };
  if (config.responseJsonSchema !== undefined) return { kind: 'json_schema', schema: config.responseJsonSchema };
  if (config.responseSchema !== undefined) return { kind: 'json_schema', schema: geminiSchemaToJsonSchema(config.responseSchema) };
  return { kind: 'json_object' };
}

function finishReasonOf(plan: PlannedAnswer): GeminiFinishReason {
  if (plan.finish === 'length') return 'MAX_TOKENS';
  if (plan.finish === 'content_filter') return 'SAFETY';
  return 'STOP';
}

export function planCandidate(request: GenerateContentRequest, index: number, options: CandidateOptions): GeminiCandidatePlan {
  const seed = options.seed + index * 7919;
  const turn = lastUserTurn(request);
  const choice = toolChoice(request);
  const tools = functionTools(request).filter((tool) => choice.allowed === undefined || choice.allowed.length === 0 || choice.allowed.includes(tool.name));
  const planned = planAnswer({
    seed,
    targetTokens: options.targetTokens,
    maxTokens: request.generationConfig?.maxOutputTokens,
    hiddenReasoningTokens: options.thinking.thoughtTokens,
    thinkingTokens: 0,
    stopSequences: request.generationConfig?.stopSequences ?? [],
    toolCalls: chooseToolCalls({ tools, choice: choice.mode, allowsParallel: true, isUserTurn: turn.isUserTurn, lastUserText: turn.text, seed }),
    toolPreambleTokens: 0,
    responseFormat: responseFormat(request),
  });
  const plan = options.isContentFiltered ? applyContentFilter(planned) : planned;
  const calls = plan.toolCalls.filter((call) => call.isComplete);
  const droppedTokens = plan.toolCalls.filter((call) => !call.isComplete).reduce((sum, call) => sum + call.tokens, 0);
  let thoughtSummary: string | undefined;
  if (options.thinking.includeThoughts && plan.reasoningTokens > 0) {
    const summaryTokens = Math.min(48, Math.max(8, Math.floor(plan.reasoningTokens / 4)));
    thoughtSummary = `**Thinking it through**\n\n${generateProsePieces(createSeededRandom(seed + 17), summaryTokens).join('')}`;
  }
  return { index, plan, calls, thoughtSummary, candidateTokens: plan.outputTokens - plan.reasoningTokens - droppedTokens, finishReason: finishReasonOf(plan) };
}
