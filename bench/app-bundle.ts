/**
 * The bench's app process (bench/app-process.ts) bundled ahead of time with esbuild, as `npm run build`
 * bundles src/main.ts for `npm start`: run by plain node, without tsx's loader. Built once per bench run;
 * undefined when esbuild is missing.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Inside node_modules so the bundle's bare imports (packages are kept external) resolve. */
const OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/loanbot-bench/', import.meta.url));

let built: Promise<string | undefined> | undefined;

export function buildAppBundle(): Promise<string | undefined> {
  built ??= build().catch(() => undefined);
  return built;
}

async function build(): Promise<string | undefined> {
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

