/** Where the compiled programs the benchmark starts live, relative to this compiled file (dist/bench/stack/). */
import { fileURLToPath } from 'node:url';

export const TOLLGATE_CLI = fileURLToPath(new URL('../../cli.js', import.meta.url));
export const BARE_PROXY = fileURLToPath(new URL('../bare-proxy.js', import.meta.url));
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
