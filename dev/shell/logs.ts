/**
 * The app's pino output, kept in memory: shown on demand (`log`) as `12:01:02 INFO msg key=value`,
 * counted for errors (level >= 50), and watched for lender activity so script mode knows when the app is idle.
 */
import { Writable } from 'node:stream';
import type { Palette } from './colors.ts';

export interface LogEntry {
  level: number;
  time: string;
  msg: string;
  fields: Record<string, unknown>;
  raw: string;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname']);
const KEEP = 5000;
/** The lender clients' last word on a call (after any retries): `credgenics answered`, `apollo update failed`… */
const LENDER_DONE = /^(credgenics|apollo)\b.*\b(answered|failed)$/;

export function parseLogLine(line: string): LogEntry {
  try {
    const json = JSON.parse(line) as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json)) if (!HIDDEN.has(k)) fields[k] = v;
    return {
      level: typeof json['level'] === 'number' ? json['level'] : 30,
      time: typeof json['time'] === 'string' ? json['time'] : typeof json['time'] === 'number' ? new Date(json['time']).toISOString() : '',
      msg: typeof json['msg'] === 'string' ? json['msg'] : '',
      fields,
      raw: line,
    };
  } catch {
    return { level: 30, time: new Date().toISOString(), msg: line, fields: {}, raw: line };
  }
}

function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (typeof v === 'object' && v !== null && 'message' in v && typeof (v as { message: unknown }).message === 'string') {
    const e = v as { type?: unknown; message: string };
    return JSON.stringify(`${typeof e.type === 'string' ? `${e.type}: ` : ''}${e.message}`);
  }
  return JSON.stringify(v) ?? String(v);
}

/** `12:01:02 INFO msg key=value …`, one line. */
export function formatLogEntry(e: LogEntry, p: Palette): string {
  const name = LEVELS[e.level] ?? String(e.level);
  const level = e.level >= 50 ? p.red(name) : e.level >= 40 ? p.yellow(name) : e.level >= 30 ? p.green(name) : p.dim(name);
  const kv = Object.entries(e.fields).map(([k, v]) => `${p.dim(`${k}=`)}${fieldValue(v)}`);
  return [p.dim(clock(e.time)), level, e.msg, ...kv].filter(Boolean).join(' ');
}

export class LogBuffer {
  readonly entries: LogEntry[] = [];
  readonly errors: LogEntry[] = [];
  /** Date.now() of the last line, and of the last time a lender call finished (answered or failed for good). */
  lastLineAt = 0;
  lastLenderDoneAt = 0;
  private listener: ((e: LogEntry) => void) | undefined;
  private partial = '';

  /** A pino destination writing into this buffer. */
  readonly stream = new Writable({
    write: (chunk: Buffer | string, _enc, done) => {
      this.push(String(chunk));
      done();
    },
  });

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.add(parseLogLine(line));
  }

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
    if (entry.level >= 50) this.errors.push(entry);
    this.lastLineAt = Date.now();
    if (LENDER_DONE.test(entry.msg)) this.lastLenderDoneAt = this.lastLineAt;
    this.listener?.(entry);
  }

  /** A line from outside pino (e.g. the Slack stand-in's own notes), shown among the app's lines. */
  note(msg: string, level = 20, fields: Record<string, unknown> = {}): void {
    this.add({ level, time: new Date().toISOString(), msg, fields, raw: msg });
  }

  onEntry(listener: ((e: LogEntry) => void) | undefined): void {
    this.listener = listener;
  }
}
