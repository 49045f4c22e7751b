/**
 * Some OpenAI-compatible providers (Mistral) send tool calls without OpenAI's `type` and, in
 * streams, without `index`; the official SDKs need both. These put them back, touching nothing
 * else, so the same-dialect lane still hands clients what OpenAI itself would send.
 */

type JsonObject = Record<string, unknown>;

/** A whole response: each choice's tool calls get `type: "function"`. Returns undefined when nothing changed. */
export function normalizeToolCallsInBody(body: unknown): JsonObject | undefined {
  if (!isObject(body) || !Array.isArray(body.choices)) return undefined;
  let changed = false;
  for (const choice of body.choices) {
    const calls = isObject(choice) && isObject(choice.message) ? choice.message.tool_calls : undefined;
    if (!Array.isArray(calls)) continue;
    for (const call of calls) {
      if (isObject(call) && call.type === undefined) {
        call.type = 'function';
        changed = true;
      }
    }
  }
  return changed ? body : undefined;
}

/**
 * Stream chunks: numbers the calls of each choice in order of appearance (a call is new when it
 * carries an id) and adds `type` to the first delta of each. Keeps state across chunks.
 */
export class StreamToolCallNormalizer {
  private readonly nextIndex = new Map<number, number>();
  private readonly lastIndex = new Map<number, number>();

  normalize(chunk: JsonObject): boolean {
    if (!Array.isArray(chunk.choices)) return false;
    let changed = false;
    for (const choice of chunk.choices) {
      if (!isObject(choice) || !isObject(choice.delta) || !Array.isArray(choice.delta.tool_calls)) continue;
      const choiceIndex = typeof choice.index === 'number' ? choice.index : 0;
      for (const call of choice.delta.tool_calls) {
        if (!isObject(call)) continue;
        if (typeof call.index !== 'number') {
          const isNewCall = typeof call.id === 'string' || !this.lastIndex.has(choiceIndex);
          const index = isNewCall ? (this.nextIndex.get(choiceIndex) ?? 0) : (this.lastIndex.get(choiceIndex) ?? 0);
          if (isNewCall) this.nextIndex.set(choiceIndex, index + 1);
          call.index = index;
          changed = true;
        } else {
          this.nextIndex.set(choiceIndex, Math.max(this.nextIndex.get(choiceIndex) ?? 0, call.index + 1));
        }
        this.lastIndex.set(choiceIndex, call.index as number);
        if (typeof call.id === 'string' && call.type === undefined) {
          call.type = 'function';
          changed = true;
        }
      }
    }
    return changed;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
