/**
 * When a stream ends without the provider's usage (client gone, stream cut), Tollgate still bills
 * what was produced: the prompt counted with the tokenizer and the output from the text relayed.
 * The result is priced as `estimated`, never passed off as exact.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { usageFromParts, type Usage } from '../../core/usage.js';
import { countChatInputTokens } from '../../pricing/index.js';
import type { Target } from '../../routing/target.js';

export function estimatePartialUsage(body: unknown, target: Target, producedText: string): Usage {
  let inputTokens = 0;
  try {
    inputTokens = countChatInputTokens(body, { providerType: target.provider.account.type, model: target.pricedModel }).total;
  } catch {
    // A body the counter cannot read (another dialect's shape) is billed for output only.
  }
  return usageFromParts({ noCacheInput: inputTokens, textOutput: producedText ? countTokens(producedText) : 0 });
}
