/**
 * Pre-flight counts use OpenAI's tokenizers (o200k_base, cl100k_base for older models). Other
 * providers' tokenizers cut the same text into more pieces, so their counts are the o200k
 * count times a calibration factor per provider family. The factors are deliberately on the
 * high side, since estimates reserve budget before a call: Claude's tokenizer yields roughly
 * 15–35% more tokens than o200k on English and code; Gemini's SentencePiece, Mistral's Tekken,
 * Cohere's and the Llama/Qwen/DeepSeek families served by hosts land 5–15% above. They only
 * scale text; images are counted by each provider's own formula. Override per call when a
 * workload measures differently.
 */
export const TOKEN_CALIBRATION: Readonly<Record<string, string>> = {
  openai: '1',
  'azure-openai': '1',
  anthropic: '1.3',
  gemini: '1.1',
  deepseek: '1.1',
  mistral: '1.15',
  cohere: '1.15',
  xai: '1.1',
  groq: '1.1',
  together: '1.1',
  fireworks: '1.1',
  openrouter: '1.15',
  qwen: '1.1',
};

/** For provider types not listed above. */
export const DEFAULT_TOKEN_CALIBRATION = '1.15';

export function calibrationFactor(providerType: string): string {
  return TOKEN_CALIBRATION[providerType] ?? DEFAULT_TOKEN_CALIBRATION;
}
