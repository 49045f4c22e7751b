/**
 * A Responses API request as the simulator reads it, and its prompt as OpenAI counts it: the
 * instructions as a leading system turn, then every input item with the chat overheads (see
 * tokens.ts), then the reply priming. The same sequence feeds prompt caching.
 */
import { z } from 'zod';
import { hashString } from '../seeded-random.js';
import { MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS, TokenSequence } from '../tokens.js';

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const inputItemSchema = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.union([z.string(), z.array(contentPartSchema)]).optional(),
  /** function_call_output items. */
  output: z.string().optional(),
});

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItemSchema)]).nullish(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  // OpenAI's floor for max_output_tokens.
  max_output_tokens: z.number().int().min(16).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  service_tier: z.string().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  store: z.boolean().nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
type InputItem = z.infer<typeof inputItemSchema>;

function pushItem(sequence: TokenSequence, item: InputItem): void {
  sequence.pushOverhead(MESSAGE_OVERHEAD_TOKENS);
  sequence.pushText(item.role ?? item.type ?? 'user');
  if (typeof item.content === 'string') sequence.pushText(item.content);
  for (const part of Array.isArray(item.content) ? item.content : []) {
    if (part.text !== undefined) sequence.pushText(part.text);
    else sequence.pushOpaque(hashString(JSON.stringify(part)));
  }
  if (item.output !== undefined) sequence.pushText(item.output);
  sequence.markBoundary();
}

export function buildResponsesPrompt(request: ResponsesRequest): TokenSequence {
  const sequence = new TokenSequence();
  if (request.instructions) pushItem(sequence, { role: 'system', content: request.instructions });
  const input = request.input;
  if (typeof input === 'string') pushItem(sequence, { role: 'user', content: input });
  else for (const item of input ?? []) pushItem(sequence, item);
  sequence.pushOverhead(REPLY_PRIMING_TOKENS);
  return sequence;
}

