/**
 * Profiles Tollgate at saturation: a fresh gateway process under `node --cpu-prof`, driven by the same
 * closed loop as scenario 1, then stopped so that V8 writes the profile, which is summarised per
 * component and per function from the first request on (start-up left out). Requests are counted from
 * the ledger after shutdown, which flushes it.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LoadGenerator } from '../load/load-generator.js';
import type { Progress } from '../progress.js';
import { countLedgerRows } from '../stack/ledger-rows.js';
import type { SimulatorProcess } from '../stack/simulator-process.js';
import { startTollgateProcess } from '../stack/tollgate-process.js';
import { SMALL_ANSWER_TOKENS } from '../scenarios/scenario-context.js';
import { readCpuProfile, summarizeCpuProfile, type CpuProfileSummary } from './summarize-cpu-profile.js';

export interface ProfileSettings {
  simulator: SimulatorProcess;
  directory: string;
  /** Where the .cpuprofile file is kept for reading in Chrome DevTools or speedscope. */
  profileDirectory: string;
  seconds: number;
  connections: number;
  version: string;
  progress: Progress;
  load: LoadGenerator;
}

export async function profileTollgate(settings: ProfileSettings): Promise<{ summary: CpuProfileSummary; profileFile: string }> {
  await mkdir(settings.profileDirectory, { recursive: true });
  const before = new Set(await readdir(settings.profileDirectory));
  await mkdir(settings.directory, { recursive: true });
  const tollgate = await startTollgateProcess({ simulatorUrl: settings.simulator.url, directory: settings.directory, version: settings.version, cpuProfileDirectory: settings.profileDirectory });
  try {
    await settings.simulator.shapeAnswers({ outputTokens: SMALL_ANSWER_TOKENS });
    settings.progress(`profiling Tollgate (pid ${tollgate.pid}) under --cpu-prof: ${settings.seconds} s at saturation`);
    const result = await settings.load.run(
      { kind: 'closed-loop', target: tollgate.chatTarget(false), connections: settings.connections, durationSeconds: settings.seconds },
      (settings.seconds + 90) * 1000,
    );
    settings.progress(`profiled run: ${Math.round(result.requestsPerSecond)} req/s (profiling slows the gateway down)`);
  } finally {
    await tollgate.stop();
  }
  // One profile per thread (`CPU.<date>.<time>.<pid>.<thread>.<sequence>`): thread 0 is the main thread, the
  // event loop that serves requests; the others are the SQLite worker's.
  const written = (await readdir(settings.profileDirectory)).filter((name) => name.endsWith('.cpuprofile') && !before.has(name));
  const file = written.find((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name)) ?? written[0];
  if (!file) throw new Error(`Tollgate exited without writing a CPU profile into ${settings.profileDirectory}`);
  const profileFile = path.join(settings.profileDirectory, file);
  const requests = countLedgerRows(tollgate.databaseFile);
  return { summary: summarizeCpuProfile(await readCpuProfile(profileFile), { requests, startAt: /handleChat/ }), profileFile };
}
