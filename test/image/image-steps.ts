/**
 * The Dockerfile's steps, run on the host (there is no Docker engine here): each stage gets a directory
 * standing in for its filesystem, COPY copies, RUN runs the very command with `sh -c`, and the runtime
 * stage's CMD and HEALTHCHECK run as an unprivileged user with the image's ENV. Two liberties, both said
 * in `notes`: `apt-get` (the toolchain better-sqlite3 may need) comes with the host, and in the fast
 * variant `npm ci` is replaced by a hard-linked copy of the checkout's node_modules (same lockfile, already
 * installed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../../dev/kit/child.ts';
import { parseStages, stepsOf, type Stage } from './dockerfile.ts';

export interface BuiltImage {
  root: string;
  /** The runtime stage's WORKDIR on the host. */
  appDir: string;
  /** The image's ENV with the VOLUME paths mapped onto the host. */
  env: Record<string, string>;
  /** Who runs the app: nobody (65534) when the tests run as root, else the current user. */
  uid: number;
  gid: number;
  cmd: string[];
  healthcheck: string[];
  stopSignal: NodeJS.Signals;
  /** Host directories standing in for the image's volumes, by image path. */
  volumes: Record<string, string>;
  notes: string[];
  seconds: Record<string, number>;
  remove(): void;
}

const UNPRIVILEGED = 65534;

function sh(command: string, cwd: string): void {
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`RUN ${command} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
}

const onHost = (fsRoot: string, path: string) => join(fsRoot, path);

/**
 * A copy whose files are hard links (`cp -al`): node_modules in seconds, without its 170 MB of data.
 * npm rewrites `node_modules/.package-lock.json` in place when it prunes, so that one is a real copy.
 */
function linkTree(source: string, dest: string): void {
  const result = spawnSync('cp', ['-al', source, dest], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cp -al ${source} ${dest}: ${result.stderr}`);
  const hidden = join(dest, '.package-lock.json');
  if (existsSync(hidden)) {
    rmSync(hidden);
    copyFileSync(join(source, '.package-lock.json'), hidden);
  }
}
const timed = (seconds: Record<string, number>, name: string, work: () => void) => {
  const started = performance.now();
  work();
  seconds[name] = Math.round((performance.now() - started) / 100) / 10;
};

function runBuildStage(stage: Stage, fsRoot: string, npmCi: boolean, notes: string[], seconds: Record<string, number>): void {
  let workdir = fsRoot;
  for (const step of stage.steps) {
    if (step.kind === 'WORKDIR') {
      workdir = onHost(fsRoot, step.dir);
      mkdirSync(workdir, { recursive: true });
    } else if (step.kind === 'COPY') {
      for (const source of step.sources) cpSync(join(ROOT, source), join(workdir, step.dest, step.dest.endsWith('/') ? source : ''), { recursive: true });
    } else if (step.kind === 'RUN' && step.command.startsWith('apt-get')) {
      notes.push(`skipped (the host has it): RUN ${step.command}`);
    } else if (step.kind === 'RUN' && /^npm ci\b/.test(step.command) && !npmCi) {
      notes.push(`instead of RUN ${step.command}: copied the checkout's node_modules (installed from the same lockfile)`);
      timed(seconds, 'npm ci (linked copy)', () => linkTree(join(ROOT, 'node_modules'), join(workdir, 'node_modules')));
    } else if (step.kind === 'RUN') {
      timed(seconds, step.command, () => sh(step.command, workdir));
    } else {
      throw new Error(`the build stage has a step the host run does not know: ${JSON.stringify(step)}`);
    }
  }
}

/** Runs the Dockerfile's stages on the host. `npmCi: true` runs `npm ci` as written (minutes when better-sqlite3 compiles). */
export function buildImageOnHost(options: { npmCi: boolean }): BuiltImage {
  const [build, runtime] = parseStages();
  if (!build?.name || !runtime) throw new Error('expected a named build stage and a runtime stage');
  const root = mkdtempSync(join(tmpdir(), 'loanbot-image-'));
  chmodSync(root, 0o755);
  const notes: string[] = [];
  const seconds: Record<string, number> = {};
  const buildFs = join(root, 'build');
  const runtimeFs = join(root, 'runtime');
  runBuildStage(build, buildFs, options.npmCi, notes, seconds);

  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? UNPRIVILEGED : (process.getuid?.() ?? 0);
  const gid = asRoot ? UNPRIVILEGED : (process.getgid?.() ?? 0);
  const volumePaths = stepsOf(runtime, 'VOLUME').flatMap((v) => v.paths);
  const volumes = Object.fromEntries(volumePaths.map((p) => [p, onHost(runtimeFs, p)]));
  const mapVolumes = (text: string) => volumePaths.reduce((t, p) => t.split(p).join(volumes[p]), text);
  const user = stepsOf(runtime, 'USER').at(-1)?.user ?? 'root';
  const env: Record<string, string> = {};
  let appDir = runtimeFs;
  for (const step of runtime.steps) {
    if (step.kind === 'ENV') for (const [k, v] of Object.entries(step.vars)) env[k] = mapVolumes(v);
    else if (step.kind === 'WORKDIR') mkdirSync((appDir = onHost(runtimeFs, step.dir)), { recursive: true });
    else if (step.kind === 'COPY') {
      if (step.from !== build.name) throw new Error(`COPY from outside the build stage: ${JSON.stringify(step)}`);
      for (const source of step.sources) linkTree(onHost(buildFs, source), join(appDir, step.dest));
    } else if (step.kind === 'RUN') {
      sh(mapVolumes(step.command).split(`${user}:${user}`).join(`${uid}:${gid}`), appDir);
    }
  }
  const healthcheck = stepsOf(runtime, 'HEALTHCHECK').at(-1)?.command;
  const cmd = stepsOf(runtime, 'CMD').at(-1)?.command;
  if (!healthcheck || !cmd) throw new Error('the runtime stage needs a HEALTHCHECK and a CMD');
  return {
    root, appDir, env, uid, gid, cmd, healthcheck, volumes, notes, seconds,
    stopSignal: (stepsOf(runtime, 'STOPSIGNAL').at(-1)?.signal ?? 'SIGTERM') as NodeJS.Signals,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `command` as the image's user, in its WORKDIR, with the image's ENV plus `extraEnv`. */
export function runAsImageUser(image: BuiltImage, command: string[], extraEnv: Record<string, string>): ChildProcess {
  const [program = '', ...args] = command;
  const env = { PATH: dirname(process.execPath), ...image.env, ...extraEnv };
  const asRoot = process.getuid?.() === 0;
  const argv = asRoot ? ['setpriv', `--reuid=${image.uid}`, `--regid=${image.gid}`, '--clear-groups', '--', program, ...args] : [program, ...args];
  const [exe = '', ...rest] = argv;
  return spawn(exe, rest, { cwd: image.appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Exit code of the image's HEALTHCHECK command. */
export async function healthcheck(image: BuiltImage, extraEnv: Record<string, string>): Promise<number | null> {
  const child = runAsImageUser(image, image.healthcheck, extraEnv);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
