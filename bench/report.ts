/**
 * Turns each phase's measurements into table rows: the figure, its target and ✓/✗.
 */
import type { AckPhase } from './phase-ack.ts';
import { ACK_KINDS, ACK_LABELS } from './phase-ack.ts';
import type { ApolloResult, TokenRun } from './phase-apollo.ts';
import type { NaiveRun } from './phase-naive.ts';
import { SLACK_DEADLINE_MS } from './phase-naive.ts';
import type { FailureRun, Throughput } from './phase-outbox.ts';
import type { OverheadRun } from './phase-overhead.ts';
import type { StoreRun } from './phase-store.ts';
import { dist, mb, ms, type Dist, type Results } from './stats.ts';

const lender = (delayMs: number) => (delayMs >= 1000 ? `${delayMs / 1000} s` : `${delayMs} ms`);
const trio = (d: Dist) => `p50 ${ms(d.p50)} / p99 ${ms(d.p99)} / max ${ms(d.max)} ms`;

export function floorRow(results: Results, floor: { rtt: Dist; cpu: { othersPct: number } }): void {
  results.add({
    section: '0',
    figure: 'loopback HTTP round trip to a trivial server (this machine’s floor), 50/s',
    value: `${trio(floor.rtt)} (n=${floor.rtt.n}; other processes ${floor.cpu.othersPct.toFixed(0)} % of CPUs)`,
    target: '(info)',
    pass: null,
    data: floor,
  });
}

export function ackRows(results: Results, phases: AckPhase[], expected: number): void {
  for (const phase of phases) {
    for (const kind of ACK_KINDS) {
      const d = dist(phase.samples[kind]);
      const errors = phase.errors.filter((e) => e.startsWith(`${kind} `)).length;
      results.add({
        section: '1',
        figure: `ack ${ACK_LABELS[kind]} · lender ${lender(phase.delayMs)}`,
        value: `${trio(d)} (n=${d.n}${errors ? `, ${errors} errors` : ''}${phase.cpu ? `; other processes ${phase.cpu.othersPct.toFixed(0)} % of CPUs` : ''})`,
        target: 'p99 < 20 ms',
        pass: d.p99 < 20 && d.n === expected && errors === 0,
        data: { ...d, errors: phase.errors.filter((e) => e.startsWith(`${kind} `)).slice(0, 5) },
      });
    }
  }
}

export function triggerRows(results: Results, phases: AckPhase[]): void {
  for (const phase of phases) {
    const d = dist(phase.triggerAges);
    const strict = phase.delayMs >= 10_000;
    results.add({
      section: '2',
      figure: `trigger_id age at views.open · lender ${lender(phase.delayMs)}`,
      value: `${trio(d)} (n=${d.n}${phase.triggerFailures ? `, ${phase.triggerFailures} refused` : ''})`,
      target: strict ? 'p99 < 200 ms' : '(info) p99 < 200 ms',
      pass: strict ? d.p99 < 200 && phase.triggerFailures === 0 && d.n > 0 : null,
      data: d,
    });
  }
}

export function overheadRows(results: Results, runs: OverheadRun[], label = ''): void {
  for (const run of runs) {
    const ok = run.overhead.p50 < 5 && run.overhead.p99 < 20 && run.completed === run.sent;
    results.add({
      section: '3',
      figure: `overhead /loan at ${run.rate}/s for ${run.seconds} s${label}`,
      value:
        `p50 ${ms(run.overhead.p50)} / p99 ${ms(run.overhead.p99)} ms` +
        ` (e2e p50 ${ms(run.e2e.p50)}/p99 ${ms(run.e2e.p99)}, lender p50 ${ms(run.lender.p50)}, ack p99 ${ms(run.ack.p99)};` +
        ` ${run.completed}/${run.sent} done at ${run.achievedRate.toFixed(1)}/s${run.ackErrors ? `, ${run.ackErrors} ack errors` : ''}` +
        `${run.overloaded ? ', STOPPED: app 2 s behind' : ''}; app CPU ${run.appCpuMsPerCommand.toFixed(1)} ms/cmd above idle; other processes ${run.cpu.othersPct.toFixed(0)} % of CPUs)`,
      target: 'p50 < 5 ms, p99 < 20 ms',
      pass: ok && !run.overloaded,
      data: run,
    });
  }
}

export function baselineRows(results: Results, naive: NaiveRun[], phases: AckPhase[]): void {
  for (const run of naive) {
    results.add({
      section: '4',
      figure: `naive app: acks later than 3 s · lender ${lender(run.delayMs)}`,
      value: `${run.missed}/${run.sent} missed (${((100 * run.missed) / Math.max(1, run.sent)).toFixed(0)} %), answered p50 ${ms(run.ack.p50)} ms`,
      target: '(baseline)',
      pass: null,
      data: run,
    });
    const phase = phases.find((p) => p.delayMs === run.delayMs);
    if (!phase) continue;
    const all = ACK_KINDS.flatMap((k) => phase.samples[k]);
    const late = all.filter((v) => v > SLACK_DEADLINE_MS).length + phase.errors.length;
    results.add({
      section: '4',
      figure: `loanbot: acks later than 3 s · lender ${lender(run.delayMs)}`,
      value: `${late}/${all.length + phase.errors.length} missed (all four kinds), max ${ms(dist(all).max)} ms`,
      target: '0 missed',
      pass: late === 0,
    });
  }
}

function tokenRow(results: Results, run: TokenRun, target: string, pass: boolean): void {
  results.add({
    section: '5',
    figure: `Apollo tokens: ${run.label}`,
    value: `${run.tokenRequests} token request${run.tokenRequests === 1 ? "" : "s"} (minimum ${run.minimum}); ${run.updates - run.failed}/${run.updates} updates ok`,
    target,
    pass: pass && run.failed === 0,
    data: run,
  });
}

export function apolloRows(results: Results, apollo: ApolloResult): void {
  if (!apollo.present) {
    results.add({ section: '5', figure: 'Apollo token amortisation', value: 'skipped: Apollo client not present', target: '≤ minimum + 1; cold start 1', pass: null });
    return;
  }
  tokenRow(results, apollo.simulated, '≤ minimum + 1', apollo.simulated.tokenRequests <= apollo.simulated.minimum + 1);
  tokenRow(results, apollo.scaled, '≤ 2 × minimum (short tokens refresh at half life)', apollo.scaled.tokenRequests <= 2 * apollo.scaled.minimum);
  tokenRow(results, apollo.cold, '1 token request', apollo.cold.tokenRequests === 1);
}

type Mem = { rss: number; heapUsed: number };

export function memoryRows(results: Results, idle: Mem, precompiled: Mem | undefined, peak: number, peakRun: string): void {
  // `npm start` runs the esbuild bundle under plain node; tsx (a loader thread) is only for the shell and tests.
  results.add({
    section: '6',
    figure: 'RSS idle after start (after GC), bundled, plain node, as `npm start` runs it',
    value: precompiled ? `${mb(precompiled.rss)} MB (heap used ${mb(precompiled.heapUsed)} MB)` : 'skipped: esbuild not available',
    target: '< 150 MB',
    pass: precompiled ? precompiled.rss < 150 * 1024 * 1024 : null,
  });
  results.add({
    section: '6',
    figure: 'RSS idle after start (after GC), under tsx (as the shell and tests run it)',
    value: `${mb(idle.rss)} MB (heap used ${mb(idle.heapUsed)} MB)`,
    target: '(info)',
    pass: null,
  });
  results.add({ section: '6', figure: `RSS peak during ${peakRun}`, value: `${mb(peak)} MB`, target: '< 300 MB', pass: peak < 300 * 1024 * 1024 });
}

export function outboxRows(results: Results, throughput: Throughput, failures: FailureRun[]): void {
  results.add({
    section: '7',
    figure: `outbox: ${throughput.payments} Confirms at once, lender 20 ms`,
    value:
      `${throughput.perSecond.toFixed(0)} payments/s (${throughput.confirmed}/${throughput.payments} in ${throughput.seconds.toFixed(2)} s; Confirm → confirmation ${trio(throughput.latency)}` +
      `; Confirm acks ${trio(throughput.confirmAck)}${throughput.failedAcks ? `, ${throughput.failedAcks} failed or later than 3 s` : ''})`,
    target: 'every payment confirmed, every ack in time',
    pass: throughput.confirmed === throughput.payments && throughput.failedAcks === 0,
    data: throughput,
  });
  for (const run of failures) {
    results.add({
      section: '7',
      figure: `outbox: 20 % PATCHes fail (${run.injected.status500}× 500, ${run.injected.appliedThenTimeout}× applied+timeout), ${run.label}`,
      value:
        `attempted ${run.attempted} · alerted ${run.alerted} · retried ${run.retried} · confirmed ${run.confirmed}` +
        ` (${run.reconciled} by reconciliation) · applied once ${run.appliedOnce} · doubled ${run.doubled} · lost ${run.lost}` +
        (run.unresolved ? ` · still alerted ${run.unresolved}` : '') +
        (run.appliedButAlerted ? ` · applied but alerted ${run.appliedButAlerted}` : ''),
      target: '0 doubled, 0 lost',
      pass: run.doubled === 0 && run.lost === 0,
      data: run,
    });
  }
}

export function storeRows(results: Results, runs: StoreRun[], twin: { ack: Dist; failed: number } | undefined, writes: number): void {
  for (const run of runs) {
    results.add({
      section: '8',
      figure: `${run.backend}: Confirm ack at 50 Confirms/s (${run.confirm.ack.n})`,
      value: `${trio(run.confirm.ack)}${run.confirm.failed ? `, ${run.confirm.failed} failed` : ''}`,
      target: 'p99 < 20 ms',
      pass: run.confirm.ack.p99 < 20 && run.confirm.failed === 0,
      data: run.confirm,
    });
    results.add({
      section: '8',
      figure: `${run.backend}: lookup ack at 20/s while ${writes} writes drain`,
      value: trio(run.drain.lookups),
      target: 'p99 < 20 ms',
      pass: run.drain.lookups.p99 < 20,
      data: run.drain,
    });
    results.add({
      section: '8',
      figure: `${run.backend}: outbox drain, lender 20 ms`,
      value: `${(run.drain.drained / run.drain.seconds).toFixed(0)} writes/s (${run.drain.drained}/${writes} in ${run.drain.seconds.toFixed(1)} s)`,
      target: 'every write sent',
      pass: run.drain.drained === writes,
      data: run.drain,
    });
  }
  if (twin) {
    results.add({
      section: '8',
      figure: `postgres: two instances, /loan at 200/s alternating (${twin.ack.n})`,
      value: `${trio(twin.ack)}${twin.failed ? `, ${twin.failed} failed` : ''}`,
      target: 'p99 < 20 ms',
      pass: twin.ack.p99 < 20 && twin.failed === 0,
      data: twin,
    });
  }
}
