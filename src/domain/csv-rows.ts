/**
 * A CSV's records, read a slice at a time with the event loop free in between, within a record count and a
 * time budget: a hostile file (a header and a flood of blank lines, cells of nothing but separators) costs
 * at most the budget, and never holds everyone else's requests while it is read.
 *
 * csv-parse builds an Error for every record whose cell count differs from the first (with
 * relax_column_count it keeps only a count of them): that error's stack is most of what such a record
 * costs, so it is not captured while a slice is parsed (no other code runs during a slice).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse, type Options } from 'csv-parse';

export interface CsvBudget {
  /** More records than this (blank ones included) and reading stops. */
  maxRecords: number;
  /** Reading that takes longer than this stops. */
  maxMs: number;
  /** The clock for `maxMs` and for when to let other work run (default performance.now). */
  now?: () => number;
}

export type CsvRows =
  | { ok: true; rows: string[][] }
  | { ok: false; problem: 'too_many_records' | 'too_slow' }
  | { ok: false; problem: 'malformed'; line: number | undefined };

/**
 * Bytes handed to the parser at once: from 256 (even 256 blank lines cost only a few ms), doubled while a
 * slice costs under a quarter of TURN_MS and halved when one costs more than it, so an honest file goes
 * in large slices and a flood of costly lines in small ones.
 */
const MIN_SLICE_BYTES = 256;
const MAX_SLICE_BYTES = 64 * 1024;
/** The event loop is let go at least this often. */
const TURN_MS = 5;

/** Runs `work` without capturing stack traces (see the file's comment); restores the limit after. */
function withoutStacks<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export async function readCsvRows(bytes: Uint8Array, options: Omit<Options, 'on_record'>, budget: CsvBudget): Promise<CsvRows> {
  const now = budget.now ?? (() => performance.now());
  const started = now();
  let turnStarted = started;
  const rows: string[][] = [];
  let failure: { line: number | undefined } | undefined;
  /** The parser's error, once it emitted one (a closure sets it: read it through here). */
  const failed = () => failure;
  // Records are kept here as they are parsed; none is pushed to the stream's readable side.
  const parser = parse({ ...options, on_record: (record: string[]) => void rows.push(record) });
  parser.on('error', (error: unknown) => {
    const line = (error as { lines?: unknown }).lines;
    failure ??= { line: typeof line === 'number' ? line : undefined };
  });
  /** Why reading stops here, if it does. */
  const verdict = (time: number): CsvRows | undefined => {
    const error = failed();
    if (error) return { ok: false, problem: 'malformed', line: error.line };
    if (rows.length > budget.maxRecords) return { ok: false, problem: 'too_many_records' };
    if (time - started > budget.maxMs) return { ok: false, problem: 'too_slow' };
    return undefined;
  };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let slice = MIN_SLICE_BYTES;
  for (let at = 0; at < buffer.length; ) {
    const before = now();
    withoutStacks(() => parser.write(buffer.subarray(at, at + slice)));
    at += slice;
    // A slice the parser refused: its error is emitted on the next tick.
    if (parser.destroyed) await nextTurn();
    const time = now();
    if (time - before < TURN_MS / 4) slice = Math.min(slice * 2, MAX_SLICE_BYTES);
    else if (time - before > TURN_MS) slice = Math.max(slice / 2, MIN_SLICE_BYTES);
    const stop = verdict(time);
    if (stop) {
      parser.destroy();
      return stop;
    }
    if (time - turnStarted >= TURN_MS) {
      await nextTurn();
      turnStarted = now();
    }
  }
  // The last line is parsed once the input ends, a tick later (an unclosed quote is found then too).
  parser.end();
  await nextTurn();
  const stop = verdict(now());
  parser.destroy();
  if (stop) return stop;
  return { ok: true, rows };
}
