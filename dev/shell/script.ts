/**
 * Non-interactive mode: `--script file.txt` or piped stdin. Lines are read one by one; the exit status
 * says whether the app misbehaved meanwhile (an error logged, an unhandled rejection, a Block Kit violation).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Booted } from './boot.ts';
import { linesOf } from './io.ts';
import type { Session } from './session.ts';

/** The script's lines: from the file, or from stdin as they arrive. */
export function scriptLines(path: string | undefined): AsyncIterator<string> {
  if (path !== undefined) return linesOf(readFileSync(path, 'utf8'));
  return createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
}

export interface RunVerdict {
  code: number;
  problems: string[];
}

/** 0 when the app behaved; 1 with the reasons otherwise. */
export function verdict(booted: Booted, s: Session | undefined): RunVerdict {
  const problems: string[] = [];
  for (const e of booted.logs.errors) problems.push(`the app logged an error: ${e.msg}${e.fields['err'] ? ` (${JSON.stringify(e.fields['err']).slice(0, 300)})` : ''}`);
  for (const v of booted.standin.violations) problems.push(`Block Kit violation in ${v.method}: ${v.problems.join('; ')}`);
  for (const c of s?.crashes ?? []) problems.push(`unhandled: ${c}`);
  return { code: problems.length > 0 ? 1 : 0, problems };
}
