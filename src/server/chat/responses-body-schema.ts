/**
 * The fields of an OpenAI Responses API request that Tollgate reads; everything else passes
 * through untouched. Errors name the field and say what is expected.
 */
import { z } from 'zod';

export const responsesBodySchema = z.looseObject({
  model: z.string({ error: 'model is required: a route name, provider/model, or a model name' }).min(1, 'model must not be empty'),
  // Optional: a request may continue a stored conversation (previous_response_id) or a prompt template.
  input: z.union([z.string(), z.array(z.unknown())], { error: 'input must be a string or an array of input items' }).nullish(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
