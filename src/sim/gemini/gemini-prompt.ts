/**
 * The prompt as the simulator counts it for Gemini: system instruction, then function
 * declarations, then every content part, with no per-turn overhead (Gemini's counts for a short
 * question are the text's own tokens, as the captures show). Media parts have fixed counts from
 * Google's token documentation: an image 258 tokens; audio 32 tokens a second, video 263 a
 * second and a PDF page 258, with durations and page counts estimated from the data size (the
 * simulator does not decode media). Previous thoughts are not part of the prompt. Counts are kept
 * per modality for `promptTokensDetails`.
 */
import { hashString } from '../seeded-random.js';
import { TokenSequence } from '../tokens.js';
import type { GeminiContent, GeminiPart, GenerateContentRequest } from './gemini-request.js';

export type Modality = 'TEXT' | 'IMAGE' | 'AUDIO' | 'VIDEO' | 'DOCUMENT';

export const IMAGE_TOKENS = 258;
const AUDIO_TOKENS_PER_SECOND = 32;
const VIDEO_TOKENS_PER_SECOND = 263;
const AUDIO_BYTES_PER_SECOND = 16_000;
const VIDEO_BYTES_PER_SECOND = 250_000;
const PDF_BYTES_PER_PAGE = 60_000;

export interface GeminiPrompt {
  sequence: TokenSequence;
  modalities: Map<Modality, number>;
}

/** A media part's modality and token count, from its MIME type and (base64) size. */
export function mediaTokens(mimeType: string, base64Length: number): { modality: Modality; tokens: number } {
  const bytes = Math.floor((base64Length * 3) / 4);
  if (mimeType.startsWith('image/')) return { modality: 'IMAGE', tokens: IMAGE_TOKENS };
  if (mimeType.startsWith('audio/')) return { modality: 'AUDIO', tokens: AUDIO_TOKENS_PER_SECOND * Math.max(1, Math.ceil(bytes / AUDIO_BYTES_PER_SECOND)) };
  if (mimeType.startsWith('video/')) return { modality: 'VIDEO', tokens: VIDEO_TOKENS_PER_SECOND * Math.max(1, Math.ceil(bytes / VIDEO_BYTES_PER_SECOND)) };
  return { modality: 'DOCUMENT', tokens: IMAGE_TOKENS * Math.max(1, Math.ceil(bytes / PDF_BYTES_PER_PAGE)) };
}

export class GeminiPromptBuilder {
  readonly sequence = new TokenSequence();
  readonly modalities = new Map<Modality, number>();

  text(text: string): void {
    const before = this.sequence.length;
    this.sequence.pushText(text);
    this.count('TEXT', this.sequence.length - before);
  }

  part(part: GeminiPart): void {
    if (part.thought === true) return;
    if (part.text !== undefined) this.text(part.text);
    if (part.functionCall !== undefined) this.text(`${part.functionCall.name}${JSON.stringify(part.functionCall.args ?? {})}`);
    if (part.functionResponse !== undefined) this.text(`${part.functionResponse.name}${JSON.stringify(part.functionResponse.response ?? {})}`);
    const media = part.inlineData ?? (part.fileData === undefined ? undefined : { mimeType: part.fileData.mimeType ?? 'application/octet-stream', data: part.fileData.fileUri });
    if (media !== undefined) {
      const { modality, tokens } = mediaTokens(media.mimeType, part.inlineData === undefined ? 0 : media.data.length);
      this.sequence.pushOpaque(hashString(media.data), tokens);
      this.count(modality, tokens);
    }
    this.sequence.markBoundary();
  }

  content(content: GeminiContent): void {
    for (const part of content.parts) this.part(part);
  }

  build(): GeminiPrompt {
    return { sequence: this.sequence, modalities: this.modalities };
  }

  private count(modality: Modality, tokens: number): void {
    if (tokens > 0) this.modalities.set(modality, (this.modalities.get(modality) ?? 0) + tokens);
  }
}

export function buildGeminiPrompt(request: Pick<GenerateContentRequest, 'contents' | 'systemInstruction' | 'tools'>): GeminiPrompt {
  const builder = new GeminiPromptBuilder();
  if (request.systemInstruction !== undefined) builder.content(request.systemInstruction);
  const declarations = (request.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  if (declarations.length > 0) {
    builder.text(JSON.stringify(declarations));
    builder.sequence.markBoundary();
  }
  for (const content of request.contents) builder.content(content);
  return builder.build();
}

/** `[{modality, tokenCount}]` in Google's order (TEXT first), leaving out empty modalities. */
export function modalityDetails(modalities: ReadonlyMap<Modality, number>): Array<{ modality: Modality; tokenCount: number }> {
  const order: Modality[] = ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT'];
  return order.flatMap((modality) => {
    const tokenCount = modalities.get(modality) ?? 0;
    return tokenCount > 0 ? [{ modality, tokenCount }] : [];
  });
}
