/**
 * The durable store holds loan data and who did what: its directory is private to the service user
 * (0700) and its database files are readable by nobody else (0600), whatever the umask.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';

const parent = mkdtempSync(join(tmpdir(), 'loanbot-perms-'));
const dataDir = join(parent, 'data', 'loanbot');
const previousUmask = process.umask(0o022);
const h = useHarness({ dataDir });
afterAll(() => {
  process.umask(previousUmask);
  rmSync(parent, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the data directory and database files', () => {
  it('are created 0700 and 0600', async () => {
    await h.slack.slashCommand({ text: 'history 1001' });
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files).toContain('loanbot.sqlite');
    for (const file of files) expect({ file, mode: mode(join(dataDir, file)).toString(8) }).toEqual({ file, mode: '600' });
  });
});
