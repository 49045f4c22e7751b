/** The machine and software a run measured on: the report names both, since the numbers only hold for them. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../stack/dist-paths.js';

export interface MachineInfo {
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return [one, five, fifteen];
}

/** A load average above 70% of the cores means other work competed with the benchmark for CPU. */
export function isLoadHigh(load: readonly number[], cores: number): boolean {
  return (load[0] ?? 0) > cores * 0.7;
}

/** "0.1.0 (git abc1234, with uncommitted changes)" */
export function tollgateVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : 'unknown';
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim();
    const isDirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim().length > 0;
    return `${version} (git ${commit}${isDirty ? ', with uncommitted changes' : ''})`;
  } catch {
    return `${version} (not a git checkout)`;
  }
}

/** The installed version of a dependency, read from its package.json in the repository's node_modules. */
export function dependencyVersion(packageName: string): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'node_modules', packageName, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : 'unknown';
  } catch {
    return 'unknown';
  }
}
