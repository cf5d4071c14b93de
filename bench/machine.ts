/**
 * How busy the machine was: CPU time of every CPU (os.cpus()), of this process and of the app process,
 * so the table can say how much of the machine other processes took while a figure was measured.
 */
import { cpus } from 'node:os';

export interface CpuSnap {
  wallMs: number;
  busyMs: number;
  selfMicros: number;
}

export function cpuSnap(): CpuSnap {
  let busy = 0;
  for (const cpu of cpus()) busy += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  const self = process.cpuUsage();
  return { wallMs: performance.now(), busyMs: busy, selfMicros: self.user + self.system };
}

export interface CpuShare {
  /** Share of all CPUs busy (any process), %. */
  machinePct: number;
  /** Share of all CPUs used by the bench process, %. */
  benchPct: number;
  /** Share of all CPUs used by the app process, %. */
  appPct: number;
  /** Share of all CPUs used by everything else on the machine, %. */
  othersPct: number;
}

export function cpuShare(a: CpuSnap, b: CpuSnap, appMicros: number): CpuShare {
  const capacity = Math.max(1, (b.wallMs - a.wallMs) * cpus().length);
  const pct = (ms: number) => Math.max(0, Math.min(100, (100 * ms) / capacity));
  const benchMs = (b.selfMicros - a.selfMicros) / 1000;
  const appMs = appMicros / 1000;
  const busy = b.busyMs - a.busyMs;
  return { machinePct: pct(busy), benchPct: pct(benchMs), appPct: pct(appMs), othersPct: pct(busy - benchMs - appMs) };
}
