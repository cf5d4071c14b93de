/**
 * Row 0: this machine's floor. A trivial HTTP server in another process (plain node, answers "ok"),
 * posted to by the same signed sender at 50/s: what one loopback round trip costs here and now, before
 * any of loanbot's work. A `/loan` lookup makes four such hops (Slack → app, app ⇄ lender, app → Slack).
 */
import { spawn } from 'node:child_process';
import { cpuShare, cpuSnap, type CpuShare } from './machine.ts';
import { SignedSender } from './sender.ts';
import { atRate, dist, type Dist } from './stats.ts';

const ECHO = `
const http = require('node:http');
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('disconnect', () => process.exit(0));
`;

export async function loopbackFloor(count = 200, rate = 50): Promise<{ rtt: Dist; cpu: CpuShare }> {
  const child = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench: the echo server did not start')), 10_000);
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(Number(m));
      });
    });
    const sender = new SignedSender(`http://127.0.0.1:${port}/`, 'unused-secret');
    const times: Promise<number>[] = [];
    const snap = cpuSnap();
    await atRate(rate, count, () => void times.push(sender.post('x=1', 5_000).then((a) => a.ms)));
    const rtt = dist(await Promise.all(times));
    const cpu = cpuShare(snap, cpuSnap(), 0);
    sender.close();
    return { rtt, cpu };
  } finally {
    child.disconnect();
    child.kill();
  }
}
