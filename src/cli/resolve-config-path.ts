import { existsSync } from 'node:fs';

/** `--config` when given, else ./tollgate.yaml when present, else undefined (demo mode). */
export function resolveConfigPath(given: string | undefined): string | undefined {
  if (given) return given;
  return existsSync('tollgate.yaml') ? 'tollgate.yaml' : undefined;
}
