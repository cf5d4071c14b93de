import { spawn } from 'node:child_process';
import { startWorld } from './env.ts';
const world = await startWorld();
for (const [label, args] of [['tsx', ['--expose-gc', '--import', import.meta.resolve('tsx'), 'bench/app-process.ts']], ['plain node (esbuild bundle)', ['--expose-gc', 'bench/_bundle.mjs']]] as const) {
  const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { PATH: process.env.PATH ?? '', BENCH_APP_INIT: JSON.stringify(world.appInit()) } });
  await new Promise((r) => child.once('message', r));
  await new Promise((r) => setTimeout(r, 1000));
  child.send({ op: 'gc', id: 1 });
  const reply: any = await new Promise((r) => child.once('message', r));
  const status = (await import('node:fs')).readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').filter((l) => /VmRSS|RssAnon|RssFile|Threads/.test(l)).join(' | ');
  console.log(label, 'rss MB', (reply.rss / 1048576).toFixed(0), 'heap', (reply.heapUsed / 1048576).toFixed(0), status);
  child.kill('SIGKILL');
}
await world.close();
process.exit(0);
