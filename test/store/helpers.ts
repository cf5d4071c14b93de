/** Shared fixtures for the store tests: temp dirs, a controllable clock, write factories, child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AttemptFailure, ClaimOptions, NewWrite, OutboxWrite, Store } from '../../src/store/index.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'loanbot-store-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export class TestClock {
  constructor(public t = 1_750_000_000_000) {}
  readonly now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

let counter = 0;

export function newWrite(overrides: Partial<NewWrite> = {}): NewWrite {
  counter += 1;
  return {
    idempotencyKey: `view-${counter}`,
    lender: 'credgenics',
    operation: 'update_payment',
    loanId: 'LN-1001',
    request: { loan_id: 'LN-1001', amount: 34_500, mode: 'Online', reference: `UTR${counter}` },
    summary: '₹34,500 · Partially Recovered · Online',
    requestedBy: 'U_ASHA',
    channelId: 'C_COLLECTIONS',
    ...overrides,
  };
}

/** A transient failure (the lender said 503): retryable, and the lender certainly did not apply it. */
export function failure(overrides: Partial<AttemptFailure> = {}): AttemptFailure {
  return { status: 503, error: 'lender unavailable', lenderMessage: null, retryable: true, uncertain: false, ...overrides };
}

export const timeout: AttemptFailure = { status: null, error: 'timed out after 10 s', lenderMessage: null, retryable: true, uncertain: false };
export const refused: AttemptFailure = {
  status: 422,
  error: 'lender refused the payment',
  lenderMessage: 'amount exceeds outstanding',
  retryable: false,
  uncertain: false,
};

/** A worker's claim settings: 30 s leases, a 60 s settle window. */
export const LEASE_MS = 30_000;
export const SETTLE_MS = 60_000;
export function claimOptions(owner = 'worker-a'): ClaimOptions {
  return { owner, leaseMs: LEASE_MS, settleMs: SETTLE_MS };
}

/** What a worker does before a request leaves: claims the next due write and marks it sent. */
export async function claimAndSend(store: Store, owner = 'worker-a'): Promise<OutboxWrite> {
  const claimed = await store.outbox.claimNext(claimOptions(owner));
  if (claimed === undefined) throw new Error('test: nothing to claim');
  const sent = await store.outbox.markSent(claimed.id, owner, claimed.request);
  if (sent === undefined) throw new Error('test: lost the lease before sending');
  return sent;
}

/** Writes an ES module into `dir` that has `openStore` in scope (the real src/store, through tsx). */
export function writeStoreScript(dir: string, name: string, body: string): string {
  const file = join(dir, `${name}.mjs`);
  const storeUrl = pathToFileURL(join(repoRoot, 'src/store/index.ts')).href;
  writeFileSync(file, `import { openStore } from ${JSON.stringify(storeUrl)};\n${body}\n`);
  return file;
}

export function spawnScript(file: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the child's first line of stdout; rejects (with its stderr) if it exits first. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    child.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before a line: ${err}`)));
    child.on('error', reject);
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
