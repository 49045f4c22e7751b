/**
 * Micro-benchmark of the pre-flight estimate a budget reservation needs: count a chat request's input
 * tokens with the model's tokenizer, then price that input plus the output reserve. Three request
 * shapes (a one-liner, a system prompt with history, a tool definition); each iteration varies the
 * text a little, so no tokenizer cache sees the same string twice in a row.
 */
import { countChatInputTokens, estimateCost, PriceBook } from '../../pricing/index.js';
import type { MicroBenchResult } from './micro-result.js';

const SYSTEM_PROMPT =
  'You are a support assistant for an online bookshop. Answer briefly and politely, cite the order number when one is given, and never invent delivery dates. '.repeat(4);

function requestBody(index: number): unknown {
  const variant = index % 3;
  const turn = `Where is my order ${100_000 + (index % 9973)}? It was due last week.`;
  if (variant === 0) return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: turn }] };
  if (variant === 1) {
    return {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: 'Hello, I need help with an order.' },
        { role: 'assistant', content: 'Of course. What is the order number?' },
        { role: 'user', content: turn },
      ],
    };
  }
  return {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: turn }],
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup_order',
          description: 'Find an order by its number',
          parameters: { type: 'object', properties: { order: { type: 'string', description: 'the order number' } }, required: ['order'] },
        },
      },
    ],
  };
}

export function benchEstimate(options: { iterations?: number; book?: PriceBook; outputReserveTokens?: number } = {}): MicroBenchResult {
  const iterations = options.iterations ?? 100_000;
  const book = options.book ?? new PriceBook();
  const outputReserve = options.outputReserveTokens ?? 4096;
  const at = new Date('2025-09-01T12:00:00Z');
  const bodies = Array.from({ length: 1024 }, (_, index) => requestBody(index));
  const run = (count: number): bigint => {
    let checksum = 0n;
    for (let index = 0; index < count; index += 1) {
      const body = bodies[index % bodies.length];
      const tokens = countChatInputTokens(body, { providerType: 'openai', model: 'gpt-4o-mini' });
      const estimate = estimateCost(book, { providerType: 'openai', providerId: 'openai', model: 'gpt-4o-mini', inputTokens: tokens.total, expectedOutputTokens: outputReserve, at });
      checksum += estimate.totalPico ?? 0n;
    }
    return checksum;
  };
  let checksum = run(Math.min(5000, iterations));
  const started = process.hrtime.bigint();
  checksum += run(iterations);
  const elapsed = process.hrtime.bigint() - started;
  // Keeps the optimiser from discarding the loop.
  if (checksum <= 0n) throw new Error('estimates priced nothing: the catalog lost gpt-4o-mini');
  return { name: 'estimate: countChatInputTokens() + estimateCost()', iterations, nsPerOp: Number(elapsed) / iterations, source: 'src/bench/micro/estimate-bench.ts' };
}
