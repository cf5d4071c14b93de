/**
 * Row 6, for comparison: the same app process bundled ahead of time with esbuild (already installed, as
 * tsx's own dependency) and run by plain node, without tsx's loader thread. Skipped when esbuild is missing.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppChild } from './app-child.ts';
import type { ChildInit } from './app-process.ts';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Inside node_modules so the bundle's bare imports (packages are kept external) resolve. */
const OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/loanbot-bench/', import.meta.url));

export async function buildAppBundle(): Promise<string | undefined> {
  let esbuild: EsbuildLike;
  try {
    const name = 'esbuild';
    esbuild = (await import(name)) as EsbuildLike;
  } catch {
    return undefined;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = `${OUT_DIR}app-process.mjs`;
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./app-process.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Idle RSS (after GC) of the precompiled app, or undefined when it cannot be built. */
export async function precompiledIdle(init: ChildInit): Promise<{ rss: number; heapUsed: number } | undefined> {
  const bundle = await buildAppBundle().catch(() => undefined);
  if (!bundle) return undefined;
  const app = await AppChild.start(init, { bundle });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return await app.request('gc');
  } finally {
    await app.stop(200);
  }
}
