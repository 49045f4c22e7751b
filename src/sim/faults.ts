/**
 * Which fault, if any, a request gets: the `x-sim-fault` header wins, else the model's behaviour
 * (which spends one of its `faultCount`). Faults that are plain error replies are rendered by each
 * wire format; `hang`, `cut` and `malformed` shape the response itself, and `content_filter` ends
 * the answer early the way each provider's safety system does (OpenAI `content_filter`, Anthropic
 * `refusal`, Gemini `SAFETY`, Cohere `ERROR`).
 */
import type { ModelBehaviours } from './model-behaviours.js';
import type { RequestControls } from './request-controls.js';
import type { SimFault } from './sim-options.js';

export type ErrorFault = Extract<SimFault, 'rate_limit' | 'server_error' | 'overloaded' | 'auth' | 'context_length' | 'bad_request'>;
export type BodyFault = Extract<SimFault, 'cut' | 'malformed'>;

export interface ResolvedFault {
  fault: SimFault;
  retryAfterSeconds: number;
}

export const DEFAULT_RETRY_AFTER_SECONDS = 1;

export function resolveFault(controls: RequestControls, behaviours: ModelBehaviours, modelNames: readonly string[]): ResolvedFault | undefined {
  if (controls.fault !== undefined) {
    const behaviour = modelNames.map((name) => behaviours.get(name)).find((found) => found !== undefined);
    return { fault: controls.fault, retryAfterSeconds: controls.retryAfterSeconds ?? behaviour?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
  }
  for (const name of modelNames) {
    const injected = behaviours.takeFault(name);
    if (injected !== undefined) {
      return { fault: injected.fault, retryAfterSeconds: controls.retryAfterSeconds ?? injected.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
    }
  }
  return undefined;
}

export function isErrorFault(fault: SimFault): fault is ErrorFault {
  return fault !== 'hang' && fault !== 'cut' && fault !== 'malformed' && fault !== 'content_filter';
}

export function bodyFaultOf(fault: ResolvedFault | undefined): BodyFault | undefined {
  return fault?.fault === 'cut' || fault?.fault === 'malformed' ? fault.fault : undefined;
}

export function isContentFiltered(fault: ResolvedFault | undefined): boolean {
  return fault?.fault === 'content_filter';
}
