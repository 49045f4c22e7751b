/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went:
 * - per component (a package in node_modules, a Tollgate folder, Node's internals, the garbage
 *   collector), with native code and V8 builtins charged to the JavaScript function that called them,
 *   so that "JSON.parse" shows up under whoever parsed;
 * - per function, self time (the function's own code) and, for Tollgate's own functions, total time
 *   (everything they called);
 * as a share of the busy time and, given the requests served, as microseconds per request. Samples
 * before the first one matching `startAt` (e.g. start-up, before the first request) are left out.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const callFrameSchema = z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() });
type CallFrame = z.infer<typeof callFrameSchema>;

const cpuProfileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: callFrameSchema, children: z.array(z.number()).optional() })),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof cpuProfileSchema>;

export interface ProfileLine {
  name: string;
  ms: number;
  /** Of the busy (non-idle) time counted. */
  percent: number;
  /** Per request served while profiling, when the request count is known. */
  usPerRequest: number | null;
}

export interface CpuProfileSummary {
  wallMs: number;
  /** CPU time counted: not idle, and from the first sample matching `startAt` on. */
  busyMs: number;
  /** Left out before the first matching sample (start-up). */
  skippedMs: number;
  requests: number | null;
  byComponent: ProfileLine[];
  topSelf: ProfileLine[];
  /** Tollgate's own functions with everything they called. */
  topTotal: ProfileLine[];
}

export interface SummarizeOptions {
  requests?: number;
  top?: number;
  startAt?: RegExp;
  /** Which functions get a total-time line (default: Tollgate's compiled code under dist/). */
  isOwnCode?: (frame: CallFrame) => boolean;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

export async function readCpuProfile(file: string): Promise<CpuProfile> {
  return cpuProfileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

export function summarizeCpuProfile(profile: CpuProfile, options: SummarizeOptions = {}): CpuProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const isOwnCode = options.isOwnCode ?? ((frame: CallFrame) => /\/dist\/.+\.js$/.test(frame.url));
  const stackOf = (nodeId: number): CallFrame[] => {
    const stack: CallFrame[] = [];
    for (let current: number | undefined = nodeId; current !== undefined; current = parents.get(current)) {
      const frame = frames.get(current);
      if (frame) stack.push(frame);
    }
    return stack;
  };
  const component = new Map<string, number>();
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };
  let busyUs = 0;
  let skippedUs = 0;
  let hasStarted = options.startAt === undefined;
  profile.samples.forEach((nodeId, index) => {
    const us = Math.max(0, profile.timeDeltas[index] ?? 0);
    const stack = stackOf(nodeId);
    const leaf = stack[0];
    if (!leaf || leaf.functionName === '(idle)') return;
    if (!hasStarted && options.startAt) hasStarted = stack.some((frame) => options.startAt?.test(`${frame.functionName} ${frame.url}`));
    if (!hasStarted) {
      skippedUs += us;
      return;
    }
    busyUs += us;
    add(self, functionKey(leaf), us);
    const caller = SPECIAL.has(leaf.functionName) ? leaf : (stack.find((frame) => frame.url !== '') ?? leaf);
    add(component, componentOf(caller.url, caller.functionName), us);
    const seen = new Set<string>();
    for (const frame of stack) {
      if (!isOwnCode(frame)) continue;
      const key = functionKey(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      add(total, key, us);
    }
  });
  const requests = options.requests ?? null;
  const lines = (times: Map<string, number>, limit: number): ProfileLine[] =>
    [...times.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, percent: busyUs === 0 ? 0 : (us / busyUs) * 100, usPerRequest: requests ? us / requests : null }));
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    skippedMs: skippedUs / 1000,
    requests,
    byComponent: lines(component, 40),
    topSelf: lines(self, options.top ?? 30),
    topTotal: lines(total, options.top ?? 30),
  };
}

function functionKey(frame: CallFrame): string {
  const location = frame.url === '' ? '' : ` ${shortPath(frame.url)}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${location}`;
}

/** Which part of the program a frame belongs to, from its script URL. */
export function componentOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'V8 builtins and native code';
  const packageMatch = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (packageMatch?.[1]) return `package ${packageMatch[1]}`;
  const tollgateMatch = /\/dist\/((?:[^/]+\/)*)[^/]+\.js$/.exec(url);
  if (tollgateMatch) return `tollgate ${tollgateMatch[1]?.replace(/\/$/, '') || '(root)'}`;
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node ${parts[0] === 'internal' ? `internal/${parts[1] ?? ''}` : (parts[0] ?? '')}`.replace(/\.js$/, '');
  }
  return shortPath(url);
}

function shortPath(url: string): string {
  const withoutScheme = url.replace(/^file:\/\//, '');
  const nodeModules = withoutScheme.lastIndexOf('/node_modules/');
  if (nodeModules !== -1) return withoutScheme.slice(nodeModules + '/node_modules/'.length);
  const dist = withoutScheme.lastIndexOf('/dist/');
  if (dist !== -1) return withoutScheme.slice(dist + 1);
  return withoutScheme;
}
