/**
 * The GenerateContentRequest fields the simulator reads, as zod schemas. The REST API takes proto
 * JSON, so snake_case names (`system_instruction`, `generation_config`, as Google's curl examples
 * write them) are accepted as well as camelCase; an unknown top-level or generationConfig field is
 * a 400, as proto parsing makes it.
 */
import { z } from 'zod';
import { describeJsonType, firstIssue } from '../zod-issues.js';

const blob = z.looseObject({ mimeType: z.string(), data: z.string() });

export const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: blob.optional(),
  fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  functionCall: z.looseObject({ name: z.string(), args: z.record(z.string(), z.unknown()).optional(), id: z.string().optional() }).optional(),
  functionResponse: z.looseObject({ name: z.string(), response: z.record(z.string(), z.unknown()).optional(), id: z.string().optional() }).optional(),
});

export const contentSchema = z.looseObject({ role: z.enum(['user', 'model', 'function', 'tool']).optional(), parts: z.array(partSchema) });

const functionDeclaration = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  parametersJsonSchema: z.unknown().optional(),
});

const toolSchema = z.looseObject({
  functionDeclarations: z.array(functionDeclaration).optional(),
  googleSearch: z.unknown().optional(),
  googleSearchRetrieval: z.unknown().optional(),
  codeExecution: z.unknown().optional(),
  urlContext: z.unknown().optional(),
});

const generationConfigSchema = z.strictObject({
  maxOutputTokens: z.number().int().min(1).optional(),
  stopSequences: z.array(z.string()).max(5).optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  seed: z.number().int().optional(),
  candidateCount: z.number().int().min(1).max(8).optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  responseMimeType: z.string().optional(),
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  responseJsonSchema: z.unknown().optional(),
  responseModalities: z.array(z.string()).optional(),
  responseLogprobs: z.boolean().optional(),
  logprobs: z.number().int().optional(),
  mediaResolution: z.string().optional(),
  thinkingConfig: z.looseObject({ thinkingBudget: z.number().int().optional(), includeThoughts: z.boolean().optional(), thinkingLevel: z.string().optional() }).optional(),
});

export const generateContentRequestSchema = z.strictObject({
  model: z.string().optional(),
  contents: z.array(contentSchema).min(1),
  systemInstruction: contentSchema.optional(),
  tools: z.array(toolSchema).optional(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({ mode: z.enum(['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED']).optional(), allowedFunctionNames: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
  generationConfig: generationConfigSchema.optional(),
  safetySettings: z.array(z.looseObject({ category: z.string(), threshold: z.string() })).optional(),
  cachedContent: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  serviceTier: z.string().optional(),
});

export type GenerateContentRequest = z.infer<typeof generateContentRequestSchema>;
export type GeminiContent = z.infer<typeof contentSchema>;
export type GeminiPart = z.infer<typeof partSchema>;

// Subtrees whose keys are user data (schemas, arguments), never renamed.
const OPAQUE_KEYS = new Set(['args', 'response', 'parameters', 'parametersJsonSchema', 'responseSchema', 'responseJsonSchema', 'labels']);

function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Proto JSON accepts snake_case field names: rename them, leaving user data untouched. */
export function normaliseFieldNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseFieldNames);
  if (typeof value !== 'object' || value === null) return value;
  const renamed: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = camelCase(key);
    renamed[name] = OPAQUE_KEYS.has(name) ? inner : normaliseFieldNames(inner);
  }
  return renamed;
}

/** Words a failed parse as Google does: unknown fields by name, others as `* Request.path: problem`. */
export function describeRequestProblem(error: z.ZodError, body: unknown): string {
  const { path, isMissing, received, issue } = firstIssue(error, body);
  const where = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
  if (issue.code === 'unrecognized_keys') {
    const at = path.length === 0 ? '' : ` at '${path.join('.')}'`;
    return `Invalid JSON payload received. Unknown name "${issue.keys[0] ?? ''}"${at}: Cannot find field.`;
  }
  if (isMissing) return `* GenerateContentRequest${where}: ${String(path[path.length - 1] ?? 'field')} is not specified\n`;
  if (issue.code === 'too_small' && Array.isArray(received)) return `* GenerateContentRequest${where}: ${String(path[path.length - 1])} must not be empty\n`;
  if (issue.code === 'invalid_type') return `Invalid value at '${path.join('.')}' (${issue.expected}), got ${describeJsonType(received)}`;
  return `* GenerateContentRequest${where}: ${issue.message}\n`;
}
