/**
 * Bench figures: percentiles, result rows and the aligned table printed at the end.
 */

export interface Dist {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an unsorted sample (NaN for an empty one). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function dist(values: readonly number[]): Dist {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

export const ms = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** One line of the table (and one entry of bench-results.json). */
export interface Row {
  section: string;
  figure: string;
  value: string;
  target: string;
  /** true ✓, false ✗, null: no target (informational). */
  pass: boolean | null;
  data?: unknown;
}

export class Results {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  add(row: Row): void {
    this.rows.push(row);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  get missed(): Row[] {
    return this.rows.filter((r) => r.pass === false);
  }
}

const mark = (pass: boolean | null): string => (pass === null ? '—' : pass ? '✓' : '✗');

/** Columns padded to their widest cell; long values are not truncated. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['#', 'Figure', 'Value', 'Target', ''];
  const cells = rows.map((r) => [r.section, r.figure, r.value, r.target, mark(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(header), rule];
  let section = '';
  for (const c of cells) {
    if (c[0] !== section && section !== '') out.push('');
    section = c[0] ?? '';
    out.push(line(c));
  }
  return out.join('\n');
}

export const sleep = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, msToWait));

/**
 * Calls `fn(i)` for i in [0, count) at `ratePerSec`, open loop (never waits for fn), bounded by `maxMs`.
 * `fn` returning false stops the loop early. Resolves with the seconds from the first call to the last.
 */
export async function atRate(ratePerSec: number, count: number, fn: (i: number) => boolean | void, maxMs = 120_000): Promise<number> {
  const start = performance.now();
  const gap = 1000 / ratePerSec;
  let i = 0;
  while (i < count && performance.now() - start < maxMs) {
    const due = start + i * gap;
    const wait = due - performance.now();
    if (wait > 1) await sleep(Math.floor(wait));
    else if (wait > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    while (i < count && start + i * gap <= performance.now()) {
      if (fn(i++) === false) return (performance.now() - start) / 1000;
    }
  }
  return (performance.now() - start) / 1000;
}
