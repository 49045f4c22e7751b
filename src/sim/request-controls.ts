/**
 * What governs one request: the `x-sim-*` headers first, then the model's behaviour entry, then
 * the simulator's options.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isSimFault, SIM_FAULTS, type SimFault, type SimModelBehaviour, type SimulatorOptions } from './sim-options.js';
import type { Pacing } from './sse-writer.js';

export interface RequestControls {
  outputTokens?: number;
  ttftMs?: number;
  tokensPerSecond?: number;
  fault?: SimFault;
  retryAfterSeconds?: number;
}

export type ControlsResult = { controls: RequestControls } | { problem: string };

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function readRequestControls(headers: IncomingHttpHeaders): ControlsResult {
  const controls: RequestControls = {};
  const numbers: Array<[string, keyof Omit<RequestControls, 'fault'>, number]> = [
    ['x-sim-output-tokens', 'outputTokens', 0],
    ['x-sim-ttft-ms', 'ttftMs', 0],
    ['x-sim-tps', 'tokensPerSecond', Number.MIN_VALUE],
    ['x-sim-retry-after', 'retryAfterSeconds', 0],
  ];
  for (const [header, field, minimum] of numbers) {
    const raw = headerValue(headers, header);
    if (raw === undefined) continue;
    const value = raw.trim().toLowerCase() === 'infinity' ? Number.POSITIVE_INFINITY : Number(raw);
    if (Number.isNaN(value) || value < minimum || (field !== 'tokensPerSecond' && !Number.isFinite(value))) {
      return { problem: `Header ${header} must be a non-negative number, got '${raw}'.` };
    }
    controls[field] = field === 'outputTokens' ? Math.floor(value) : value;
  }
  const fault = headerValue(headers, 'x-sim-fault');
  if (fault !== undefined) {
    if (!isSimFault(fault)) return { problem: `Header x-sim-fault must be one of ${SIM_FAULTS.join(', ')}; got '${fault}'.` };
    controls.fault = fault;
  }
  return { controls };
}

export function resolvePacing(controls: RequestControls, behaviour: SimModelBehaviour | undefined, options: SimulatorOptions): Pacing {
  return {
    ttftMs: controls.ttftMs ?? behaviour?.ttftMs ?? options.latency?.ttftMs ?? 0,
    tokensPerSecond: controls.tokensPerSecond ?? behaviour?.tokensPerSecond ?? options.latency?.tokensPerSecond ?? Number.POSITIVE_INFINITY,
  };
}

/** Answer length before any max-tokens cap: header, behaviour, option, else 24..64 from the seed. */
export function resolveTargetTokens(
  controls: RequestControls,
  behaviour: SimModelBehaviour | undefined,
  options: SimulatorOptions,
  seed: number,
): number {
  return controls.outputTokens ?? behaviour?.outputTokens ?? options.defaultOutputTokens ?? 24 + (seed % 41);
}
