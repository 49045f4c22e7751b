/**
 * Input tokens an image costs, by each provider's published formula, from its dimensions.
 *
 * OpenAI, tile models (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1, o3, ...): `detail: low` costs the
 *   base tokens; otherwise the image is scaled to fit 2048×2048, then scaled so its shortest
 *   side is at most 768 px, and each 512 px tile costs the tile tokens on top of the base
 *   (gpt-4o: 85 + 170 per tile). Resized sides are whole pixels, rounded down.
 * OpenAI, patch models (gpt-4.1-mini/nano, gpt-5-mini/nano, o4-mini): 32 px patches, scaled
 *   down to at most 1536 patches, times a per-model multiplier, rounded up.
 * Anthropic: ceil(width × height / 750) after scaling down to a long edge of at most 1568 px
 *   and about 1.15 megapixels.
 * Gemini: 258 tokens when both sides are at most 384 px, else 258 per 768×768 tile.
 * Other providers are counted with OpenAI's gpt-4o formula (an estimate).
 */
export type ImageDetail = 'low' | 'high' | 'auto';

export interface ImageTokenRequest {
  providerType: string;
  model: string;
  width: number;
  height: number;
  detail?: ImageDetail;
}

interface TileRule {
  kind: 'tile';
  base: number;
  tile: number;
}

interface PatchRule {
  kind: 'patch';
  multiplier: number;
}

/** First match wins; patterns are tried against the lower-cased model name. */
const OPENAI_IMAGE_RULES: ReadonlyArray<readonly [RegExp, TileRule | PatchRule]> = [
  [/^gpt-5-mini/, { kind: 'patch', multiplier: 1.62 }],
  [/^gpt-5-nano/, { kind: 'patch', multiplier: 2.46 }],
  [/^gpt-4\.1-mini/, { kind: 'patch', multiplier: 1.62 }],
  [/^gpt-4\.1-nano/, { kind: 'patch', multiplier: 2.46 }],
  [/^o4-mini/, { kind: 'patch', multiplier: 1.72 }],
  [/^gpt-4o-mini/, { kind: 'tile', base: 2833, tile: 5667 }],
  [/^gpt-5/, { kind: 'tile', base: 70, tile: 140 }],
  [/^(o1|o3)(-|$)/, { kind: 'tile', base: 75, tile: 150 }],
  [/^computer-use-preview/, { kind: 'tile', base: 65, tile: 129 }],
];
const GPT_4O_TILES: TileRule = { kind: 'tile', base: 85, tile: 170 };
const OPENAI_TYPES: ReadonlySet<string> = new Set(['openai', 'azure-openai']);

const ANTHROPIC_MAX_EDGE = 1568;
const ANTHROPIC_MAX_PIXELS = 1_150_000;
const GEMINI_TILE_TOKENS = 258;
// Resizes land on whole pixels; this keeps float noise (1056.0000000001) from adding a patch.
const EPSILON = 1e-9;

export function imageTokens(request: ImageTokenRequest): number {
  const { width, height } = request;
  if (!(width > 0 && height > 0)) return 0;
  if (request.providerType === 'anthropic') return anthropicImageTokens(width, height);
  if (request.providerType === 'gemini') return geminiImageTokens(width, height);
  const rule = OPENAI_TYPES.has(request.providerType) ? openaiRule(request.model) : GPT_4O_TILES;
  if (rule.kind === 'patch') return openaiPatchTokens(width, height, rule.multiplier);
  return openaiTileTokens(width, height, request.detail ?? 'auto', rule.base, rule.tile);
}

function openaiRule(model: string): TileRule | PatchRule {
  const name = model.toLowerCase();
  for (const [pattern, rule] of OPENAI_IMAGE_RULES) if (pattern.test(name)) return rule;
  return GPT_4O_TILES;
}

export function openaiTileTokens(width: number, height: number, detail: ImageDetail, base = 85, tile = 170): number {
  if (detail === 'low') return base;
  let w = width;
  let h = height;
  const fit = 2048 / Math.max(w, h);
  if (fit < 1) {
    w = Math.floor(w * fit + EPSILON);
    h = Math.floor(h * fit + EPSILON);
  }
  const shortest = 768 / Math.min(w, h);
  if (shortest < 1) {
    w = Math.floor(w * shortest + EPSILON);
    h = Math.floor(h * shortest + EPSILON);
  }
  return base + tile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

export function openaiPatchTokens(width: number, height: number, multiplier = 1): number {
  const rawPatches = Math.ceil(width / 32) * Math.ceil(height / 32);
  let patches = rawPatches;
  if (rawPatches > 1536) {
    let ratio = Math.sqrt((32 * 32 * 1536) / (width * height));
    const across = (width * ratio) / 32;
    const down = (height * ratio) / 32;
    ratio *= Math.min(Math.floor(across + EPSILON) / across, Math.floor(down + EPSILON) / down);
    patches = Math.min(1536, ceilLoose((width * ratio) / 32) * ceilLoose((height * ratio) / 32));
  }
  return Math.ceil(patches * multiplier - EPSILON);
}

export function anthropicImageTokens(width: number, height: number): number {
  const scale = Math.min(1, ANTHROPIC_MAX_EDGE / Math.max(width, height), Math.sqrt(ANTHROPIC_MAX_PIXELS / (width * height)));
  const w = scale < 1 ? Math.floor(width * scale + EPSILON) : width;
  const h = scale < 1 ? Math.floor(height * scale + EPSILON) : height;
  return Math.ceil((w * h) / 750);
}

export function geminiImageTokens(width: number, height: number): number {
  if (width <= 384 && height <= 384) return GEMINI_TILE_TOKENS;
  return GEMINI_TILE_TOKENS * Math.ceil(width / 768) * Math.ceil(height / 768);
}

function ceilLoose(value: number): number {
  return Math.ceil(value - EPSILON);
}
