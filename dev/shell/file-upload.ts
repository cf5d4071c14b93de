/**
 * `upload <path>`: a file from this machine into the stand-in's Slack, as a person picking it in a
 * modal's file input. Used at a file input's prompt and as a shell command while such a modal is open.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { filetypeOf } from '../slack-standin/index.ts';
import type { Session } from './session.ts';

/** 25 MB, above anything a person would pick; loanbot applies its own, smaller cap. */
const MAX_BYTES = 25 * 1024 * 1024;

/** The file types a file input takes (`filetypes`), or undefined when it takes any. */
export function filetypesOf(element: Record<string, unknown>): string[] | undefined {
  const list = element['filetypes'];
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : undefined;
}

/** `upload ./x.csv`, `./x.csv` → the path; '' when the answer names none. */
export function uploadPath(answer: string): string {
  return answer.trim().replace(/^upload\s+/i, '').replace(/^["']|["']$/g, '').trim();
}

/**
 * The stand-in's file id, or why the file cannot be uploaded. `filetypes` is the input's list (e.g. ["csv"]):
 * Slack's picker offers no other file, so neither does the shell.
 */
export function uploadFromDisk(s: Session, path: string, filetypes?: readonly string[]): { ok: true; fileId: string; name: string; size: number } | { ok: false; message: string } {
  if (!path) return { ok: false, message: 'type upload <path>, e.g. upload examples/payments.csv' };
  const full = resolve(process.cwd(), path);
  const type = filetypeOf(basename(full));
  try {
    const stat = statSync(full);
    if (!stat.isFile()) return { ok: false, message: `${path} is not a file` };
    if (filetypes && filetypes.length > 0 && !filetypes.includes(type)) {
      return { ok: false, message: `${basename(full)} is not a ${filetypes.join(' or ')} file: this input takes only those (Slack's file picker offers no other)` };
    }
    if (stat.size > MAX_BYTES) return { ok: false, message: `${path} is larger than Slack takes here (25 MB)` };
    const fileId = s.standin.uploadFile(basename(full), readFileSync(full), s.user.id);
    return { ok: true, fileId, name: basename(full), size: stat.size };
  } catch {
    return { ok: false, message: `cannot read ${path}` };
  }
}
