/**
 * A contender is one way of answering the same chat request: the simulator directly, the bare proxy,
 * Tollgate, or a peer gateway. Each says how to ask it for a chat completion, which process is its
 * own (for memory and CPU), what version it is and how it was set up.
 */
import type { HttpTarget } from '../load/load-job.js';

export type ContenderName = 'direct' | 'bare' | 'tollgate' | 'peer';

/** The order contenders take turns in every round (A B A B …). */
export const CONTENDER_ORDER: readonly ContenderName[] = ['direct', 'bare', 'tollgate', 'peer'];

export interface Contender {
  name: ContenderName;
  /** For people: "Tollgate", "bare undici proxy", … */
  label: string;
  origin: string;
  /** The process whose memory and CPU are this contender's (the simulator's own for `direct`). */
  pid: number;
  version: string;
  settings: Record<string, string>;
  /** Where its Prometheus metrics are served (Tollgate only): event-loop delay and GC during each run. */
  metricsOrigin?: string;
  chatTarget(stream: boolean): HttpTarget;
  stop(): Promise<void>;
}

export const CHAT_PROMPT = 'Say hello in one short sentence.';

export function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({ model, stream, messages: [{ role: 'user', content: CHAT_PROMPT }] });
}

export function contenderOrder(contenders: readonly Contender[]): Contender[] {
  return [...contenders].sort((left, right) => CONTENDER_ORDER.indexOf(left.name) - CONTENDER_ORDER.indexOf(right.name));
}
