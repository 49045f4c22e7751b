/**
 * A fresh checkout with no config and no keys: `tollgate serve` starts in demo mode, prints where
 * it listens, its providers and routes, and a curl line that works as printed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnGateway } from './helpers/spawn-gateway.js';
import { makeTempDir } from './helpers/temp-dir.js';

const run = promisify(execFile);

describe('demo mode', () => {
  it('starts without config or keys and the printed curl line answers with a cost', async () => {
    const temp = makeTempDir();
    const gateway = await spawnGateway(['serve', '--port', '0'], { cwd: temp.path });
    try {
      const banner = gateway.stdout();
      expect(banner).toMatch(/demo mode/);
      expect(banner).toMatch(/providers:\n\s+openai/);
      expect(banner).toMatch(/routes:\n\s+smart/);
      const curlLine = /^\s*(curl .*)$/m.exec(banner)?.[1];
      expect(curlLine).toBeDefined();
      const { stdout } = await run('bash', ['-c', curlLine ?? 'false']);
      const body = JSON.parse(stdout) as { choices: Array<{ message: { content: string } }>; usage: { cost: number; cost_status: string } };
      expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
      expect(body.usage.cost_status).toBe('exact');
      expect(body.usage.cost).toBeGreaterThan(0);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
      temp.cleanup();
    }
  });
});
