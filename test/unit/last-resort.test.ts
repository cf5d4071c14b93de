import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the last-resort handlers', () => {
  it('log an uncaught exception and an unhandled rejection, and the process keeps running', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/throws-after-start.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout).toContain('still serving');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('uncaught exception; still serving');
    expect(run.stdout).toContain('thrown from a timer');
    expect(run.stdout).toContain('unhandled promise rejection; still serving');
  });
});
