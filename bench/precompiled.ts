/**
 * Row 6, for comparison: the same app process bundled ahead of time with esbuild (already installed, as
 * tsx's own dependency) and run by plain node, without tsx's loader thread. Skipped when esbuild is missing.
 */
import { AppChild } from './app-child.ts';
import { buildAppBundle } from './app-bundle.ts';
import type { ChildInit } from './app-process.ts';

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
