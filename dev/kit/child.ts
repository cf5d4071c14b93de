/**
 * loanbot in a child process: as `npm start` runs it (the esbuild bundle, reading its environment), or a
 * TypeScript entry under tsx (the bench's app process, the shell), and the helpers around it (a free port,
 * waiting for /healthz).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** node's flags to run a .ts entry (tsx's loader, found from ROOT: children start there). */
export const TSX = ['--import', 'tsx'];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Child {
  process: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  /** node's flags before the script (e.g. TSX, --expose-gc). */
  flags?: string[];
  args?: string[];
  /** Exactly this environment, plus these of the parent's (default PATH and HOME). */
  env?: Record<string, string>;
  inherit?: readonly string[];
  /** Default: stdin ignored, stdout and stderr captured. */
  stdio?: StdioOptions;
}

/** `node [flags] script [args]` in the repository, with a clean environment; stdout/stderr kept as they come. */
export function spawnNode(script: string, options: SpawnOptions = {}): Child {
  const env: Record<string, string> = {};
  for (const name of options.inherit ?? ['PATH', 'HOME']) if (process.env[name] !== undefined) env[name] = process.env[name] ?? '';
  const child = spawn(process.execPath, [...(options.flags ?? []), script, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...env, ...options.env },
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
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

let built: Promise<void> | undefined;
/** Each process builds its own copy, so parallel test files never read a half-written bundle. */
const OUTDIR = `dist/test-${process.pid}`;
const OUTFILE = `${OUTDIR}/main.js`;

/**
 * `npm start` runs `npm run build` (esbuild → dist/main.js) and then the bundle; this runs the very same
 * build command (read from package.json) into a directory of this process's own.
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

/** Removes the builds of test processes no longer running (test/global-setup-postgres.ts, at start and end). */
export function removeStaleBuilds(): void {
  let names: string[];
  try {
    names = readdirSync(`${ROOT}/dist`);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^test-(\d+)$/.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) rmSync(`${ROOT}/dist/${name}`, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start the built app (what `npm start` runs, after buildOnce) with exactly this environment (plus PATH and HOME). */
export function startChild(env: Record<string, string>): Child {
  return spawnNode(OUTFILE, { flags: ['--enable-source-maps'], env });
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
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`loanbot did not become healthy on ${port}: ${String(lastError)}`);
}
