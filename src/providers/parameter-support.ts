/**
 * What each adapter's translation lane does with each ChatRequest parameter, declared beside
 * the adapter's translate code and collected here so the README table and its test read one
 * source. `rejected` throws 'unsupported_parameter'; `dropped` leaves the field out with a
 * warning; `translated` maps it onto something else the provider has; `supported` sends it as is.
 */
import type { ChatRequest } from '../core/chat.js';
import type { Dialect } from './adapter.js';
import { ANTHROPIC_PARAMETER_SUPPORT } from './anthropic/anthropic-parameter-support.js';
import { COHERE_PARAMETER_SUPPORT } from './cohere/cohere-parameter-support.js';
import { GEMINI_PARAMETER_SUPPORT } from './gemini/gemini-parameter-support.js';
import { OPENAI_COMPATIBLE_PARAMETER_SUPPORT } from './openai/translate-openai-parameters.js';

export type ParameterTreatment = 'supported' | 'translated' | 'rejected' | 'dropped';

/** The ChatRequest fields a client sets as parameters (messages, model and stream are not). */
export type ChatParameter = Exclude<keyof ChatRequest, 'model' | 'messages' | 'stream'>;

export const CHAT_PARAMETERS: readonly ChatParameter[] = [
  'tools',
  'toolChoice',
  'parallelToolCalls',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'frequencyPenalty',
  'presencePenalty',
  'stop',
  'seed',
  'n',
  'responseFormat',
  'reasoningEffort',
  'reasoningBudgetTokens',
  'logprobs',
  'topLogprobs',
  'endUser',
];

export interface ParameterDeclaration {
  treatment: ParameterTreatment;
  /** What happens, in a few words, for the README table. */
  note: string;
}

/** A full declaration with notes, as the OpenAI and Anthropic adapters write it. */
export type ParameterSupport = Readonly<Record<ChatParameter, ParameterDeclaration>>;

/** What an adapter declares: a treatment, with or without a note, for the parameters it names. */
export type ParameterDeclarations = Readonly<Partial<Record<ChatParameter, ParameterTreatment | ParameterDeclaration>>>;

/** Declarations by adapter type; adapters without their own entry share their dialect's. */
const BY_TYPE: ReadonlyMap<string, ParameterDeclarations> = new Map<string, ParameterDeclarations>([
  ['anthropic', ANTHROPIC_PARAMETER_SUPPORT],
  ['gemini', GEMINI_PARAMETER_SUPPORT],
  ['cohere', COHERE_PARAMETER_SUPPORT],
]);

const BY_DIALECT: ReadonlyMap<Dialect, ParameterDeclarations> = new Map<Dialect, ParameterDeclarations>([
  ['openai', OPENAI_COMPATIBLE_PARAMETER_SUPPORT],
  ['anthropic', ANTHROPIC_PARAMETER_SUPPORT],
  ['gemini', GEMINI_PARAMETER_SUPPORT],
  ['cohere', COHERE_PARAMETER_SUPPORT],
]);

export interface ParameterSupportRow {
  parameter: ChatParameter;
  treatment: ParameterTreatment;
  note?: string;
}

/** One adapter's declarations as rows in CHAT_PARAMETERS order (undeclared parameters left out), for a table. */
export function parameterSupportFor(adapter: { type: string; dialect: Dialect }): ParameterSupportRow[] | undefined {
  const declarations = BY_TYPE.get(adapter.type) ?? BY_DIALECT.get(adapter.dialect);
  if (!declarations) return undefined;
  const rows: ParameterSupportRow[] = [];
  for (const parameter of CHAT_PARAMETERS) {
    const declared = declarations[parameter];
    if (declared === undefined) continue;
    rows.push(typeof declared === 'string' ? { parameter, treatment: declared } : { parameter, ...declared });
  }
  return rows;
}

/** How one adapter treats one parameter, or undefined when it declares nothing for it. */
export function parameterTreatment(adapter: { type: string; dialect: Dialect }, parameter: ChatParameter): ParameterTreatment | undefined {
  return parameterSupportFor(adapter)?.find((row) => row.parameter === parameter)?.treatment;
}
