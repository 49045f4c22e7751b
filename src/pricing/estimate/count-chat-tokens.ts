/**
 * Counts the input tokens of an OpenAI-format chat request body before it is sent, the way
 * OpenAI's cookbook does: 3 tokens per message plus its role and text, 1 more for a `name`,
 * 3 to prime the reply; tool definitions by the cookbook's function-counting rule; the
 * `response_format` JSON schema by its JSON text (an approximation: OpenAI does not publish
 * how it renders schemas). Images are counted by the target provider's formula from their
 * dimensions (read from data URLs, or supplied by the caller for remote URLs); an image whose
 * size is unknown is counted at the provider's largest size. Non-OpenAI targets get the same
 * text count times a calibration factor.
 */
import { z } from 'zod';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { parseDecimal } from '../../core/money.js';
import { calibrationFactor } from './calibration.js';
import { dimensionsFromDataUrl } from './image-dimensions.js';
import { type ImageDetail, imageTokens } from './image-tokens.js';

export type EncodingName = 'o200k_base' | 'cl100k_base';

export interface CountChatOptions {
  providerType: string;
  model: string;
  /** Dimensions of remote images the caller already knows (ingress resizes and measures them). */
  imageSize?: (url: string) => { width: number; height: number } | undefined;
  /** Replaces the provider family's calibration factor, as decimal text ("1.2"). */
  calibration?: string;
}

export interface ChatInputTokenCount {
  /** What to reserve for: calibrated text + images. */
  total: number;
  /** Uncalibrated OpenAI-tokenizer counts, for explanation. */
  messages: number;
  tools: number;
  responseFormat: number;
  /** Text after calibration. */
  calibratedText: number;
  images: number;
  imageCount: number;
  encoding: EncodingName;
  calibration: string;
  warnings: string[];
}

const MESSAGE_OVERHEAD = 3;
const NAME_OVERHEAD = 1;
const REPLY_PRIMING = 3;
/** Largest image each formula can bill, used when a remote image's size is unknown. */
const LARGEST_IMAGE = { width: 2048, height: 2048 };

const imageUrlSchema = z.union([z.string(), z.object({ url: z.string(), detail: z.enum(['low', 'high', 'auto']).optional() })]);
const partSchema = z.object({ type: z.string(), text: z.string().optional(), refusal: z.string().optional(), image_url: imageUrlSchema.optional() });
const messageSchema = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(partSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }).optional() })).optional(),
});
const functionSchema = z.object({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() });
const bodySchema = z.object({
  messages: z.array(messageSchema),
  tools: z.array(z.object({ type: z.string(), function: functionSchema.optional() })).optional(),
  functions: z.array(functionSchema).optional(),
  response_format: z.object({ type: z.string(), json_schema: z.object({ schema: z.unknown().optional() }).loose().optional() }).optional(),
});

type ChatFunction = z.infer<typeof functionSchema>;

/** Throws a ZodError naming the field when the body is not an OpenAI chat request. */
export function countChatInputTokens(body: unknown, options: CountChatOptions): ChatInputTokenCount {
  const request = bodySchema.parse(body);
  const encoding = encodingForModel(options.providerType, options.model);
  const count = encoding === 'o200k_base' ? countText(countO200k) : countText(countCl100k);
  const warnings: string[] = [];
  let messages = REPLY_PRIMING;
  let images = 0;
  let imageCount = 0;
  for (const message of request.messages) {
    messages += MESSAGE_OVERHEAD + count(message.role);
    if (message.name !== undefined) messages += NAME_OVERHEAD + count(message.name);
    if (message.tool_call_id !== undefined) messages += count(message.tool_call_id);
    for (const call of message.tool_calls ?? []) if (call.function) messages += count(call.function.name) + count(call.function.arguments);
    if (typeof message.content === 'string') messages += count(message.content);
    for (const part of Array.isArray(message.content) ? message.content : []) {
      if (part.text !== undefined) messages += count(part.text);
      else if (part.refusal !== undefined) messages += count(part.refusal);
      else if (part.image_url !== undefined) {
        imageCount += 1;
        images += countImage(part.image_url, options, warnings);
      } else warnings.push(`a "${part.type}" content part is not counted`);
    }
  }
  const functions = [...(request.tools ?? []).flatMap((tool) => (tool.function ? [tool.function] : [])), ...(request.functions ?? [])];
  const tools = countFunctions(functions, count, encoding === 'o200k_base' ? 7 : 10);
  const schema = request.response_format?.json_schema?.schema;
  const responseFormat = schema === undefined ? 0 : count(JSON.stringify(schema));
  const calibration = options.calibration ?? calibrationFactor(options.providerType);
  const calibratedText = calibrate(messages + tools + responseFormat, calibration);
  return { total: calibratedText + images, messages, tools, responseFormat, calibratedText, images, imageCount, encoding, calibration, warnings };
}

/** o200k_base for the GPT-4o generation onwards and every non-OpenAI target; cl100k_base for GPT-4, GPT-3.5 and their embeddings. */
export function encodingForModel(providerType: string, model: string): EncodingName {
  if (providerType !== 'openai' && providerType !== 'azure-openai') return 'o200k_base';
  const name = model.toLowerCase();
  if (name === 'gpt-4' || name.startsWith('gpt-4-') || name.startsWith('gpt-3.5') || name.startsWith('text-embedding-')) return 'cl100k_base';
  return 'o200k_base';
}

/** The cookbook's function counting, with its constants for gpt-4o-class (7) and gpt-4/3.5 (10) models. */
function countFunctions(functions: readonly ChatFunction[], count: (text: string) => number, functionOverhead: number): number {
  if (functions.length === 0) return 0;
  let total = 0;
  for (const fn of functions) {
    total += functionOverhead + count(`${fn.name}:${stripPeriod(fn.description ?? '')}`);
    const properties = fn.parameters?.['properties'];
    if (typeof properties !== 'object' || properties === null) continue;
    const entries = Object.entries(properties);
    if (entries.length > 0) total += 3;
    for (const [key, raw] of entries) {
      const property = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      total += 3;
      const enumValues = property['enum'];
      if (Array.isArray(enumValues)) {
        total -= 3;
        for (const item of enumValues) total += 3 + count(String(item));
      }
      const type = typeof property['type'] === 'string' ? property['type'] : JSON.stringify(property['type'] ?? '');
      const description = typeof property['description'] === 'string' ? property['description'] : '';
      total += count(`${key}:${type}:${stripPeriod(description)}`);
      // Beyond the cookbook: nested schemas are sent too, so count their JSON.
      const nested = property['properties'] ?? property['items'];
      if (nested !== undefined) total += count(JSON.stringify(nested));
    }
  }
  return total + 12;
}

function countImage(imageUrl: z.infer<typeof imageUrlSchema>, options: CountChatOptions, warnings: string[]): number {
  const url = typeof imageUrl === 'string' ? imageUrl : imageUrl.url;
  const detail: ImageDetail = typeof imageUrl === 'string' ? 'auto' : (imageUrl.detail ?? 'auto');
  let size = dimensionsFromDataUrl(url) ?? options.imageSize?.(url);
  if (!size) {
    warnings.push(`image size unknown (${url.startsWith('data:') ? 'unreadable data URL' : 'remote URL'}): counted at ${LARGEST_IMAGE.width}×${LARGEST_IMAGE.height}`);
    size = LARGEST_IMAGE;
  }
  return imageTokens({ providerType: options.providerType, model: options.model, width: size.width, height: size.height, detail });
}

function countText(counter: (text: string, options: { disallowedSpecial: Set<string> }) => number): (text: string) => number {
  // Text that spells a special token is billed as ordinary text, not refused.
  const options = { disallowedSpecial: new Set<string>() };
  return (text) => (text.length === 0 ? 0 : counter(text, options));
}

function calibrate(tokens: number, factorText: string): number {
  const factor = parseDecimal(factorText);
  const scale = 10n ** BigInt(factor.scale);
  return Number((BigInt(tokens) * factor.units + scale - 1n) / scale);
}

function stripPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
