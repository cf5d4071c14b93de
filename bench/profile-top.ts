/**
 * Top self-time functions of V8 .cpuprofile files (from --cpu-prof), summed over all given files:
 *   npx tsx bench/profile-top.ts bench-profiles/*.cpuprofile [--top 30]
 * Also sums self time by package (node_modules/<name>), by our own source folder, and by node internals.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
if (files.length === 0) {
  process.stderr.write('usage: tsx bench/profile-top.ts <file.cpuprofile>… [--top N]\n');
  process.exit(1);
}

const byFunction = new Map<string, number>();
/** Inclusive time of our own functions (src/, commands/, views/): self plus everything they called. */
const ownInclusive = new Map<string, number>();
const byPlace = new Map<string, number>();
let total = 0;

function place(url: string): string {
  if (url === '') return '(vm: gc, idle, program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg ${pkg[1] ?? ''}`;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/work\/[^/]+\/[^/]+\/((?:src\/)?[^/]+)/.exec(url) ?? /\/((?:src|views|commands|bench)\/[^/]+)/.exec(url);
  return own ? `ours ${own[1] ?? ''}` : url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node) return;
    total += dt;
    const frame = node.callFrame;
    const short = frame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '');
    const key = `${frame.functionName || '(anonymous)'}  ${short}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    const p = place(frame.url.replace(/^file:\/\//, ''));
    byPlace.set(p, (byPlace.get(p) ?? 0) + dt);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = nodes.get(at)?.callFrame;
      if (!f || !/\/(src|commands|views)\//.test(f.url) || f.url.includes('node_modules')) continue;
      onStack.add(`${f.functionName || '(anonymous)'}  ${f.url.replace(/^file:\/\/.*?\/(src|commands|views)\//, '$1/')}:${f.lineNumber + 1}`);
    }
    for (const k of onStack) ownInclusive.set(k, (ownInclusive.get(k) ?? 0) + dt);
  });
}

const show = (title: string, map: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title} (of ${total.toFixed(0)} ms sampled)\n`);
  for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${t.toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}\n`);
  }
};
show('Self time by function', byFunction, top);
show('Self time by place', byPlace, 20);
show('Inclusive time of our own functions', ownInclusive, top);
