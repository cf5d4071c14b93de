/**
 * loanbot as `npm start` runs it: a child process reading its environment, for tests of the process
 * contract (healthz, SIGTERM, config errors) and of crashes (SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let built: Promise<void> | undefined;
/** Each test process builds its own copy, so parallel test files never read a half-written bundle. */
const OUTDIR = `dist/test-${process.pid}`;
const OUTFILE = `${OUTDIR}/main.js`;

/**
 * `npm start` runs `npm run build` (esbuild → dist/main.js) and then the bundle; tests run the very same
 * build command (read from package.json) into a file of their own.
 */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: Record<string, string> };
    const [, ...args] = (pkg.scripts['build'] ?? '').split(' ');
    const build = spawn(`${ROOT}/node_modules/.bin/esbuild`, [...args.filter((a) => !a.startsWith('--outdir=')), `--outdir=${OUTDIR}`], { cwd: ROOT, stdio: 'inherit' });
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the build exited ${code}`))));
  });
  return built;
}

/** Start the built app (what `npm start` runs) with exactly this environment (plus PATH and HOME). */
export function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--enable-source-maps', OUTFILE], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { process: child, stdout, stderr, exited };
}

export async function waitForHealthy(port: number, timeoutMs = 30_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return response.json();
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`loanbot did not become healthy on ${port}: ${String(lastError)}`);
}
