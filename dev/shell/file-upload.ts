/**
 * `upload <path>`: a file from this machine into the stand-in's Slack, as a person picking it in a
 * modal's file input. Used at a file input's prompt and as a shell command while such a modal is open.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Session } from './session.ts';

/** 25 MB, above anything a person would pick; loanbot applies its own, smaller cap. */
const MAX_BYTES = 25 * 1024 * 1024;

/** `upload ./x.csv`, `./x.csv` → the path; '' when the answer names none. */
export function uploadPath(answer: string): string {
  return answer.trim().replace(/^upload\s+/i, '').replace(/^["']|["']$/g, '').trim();
}

/** The stand-in's file id, or why the file cannot be uploaded. */
export function uploadFromDisk(s: Session, path: string): { ok: true; fileId: string; name: string; size: number } | { ok: false; message: string } {
  if (!path) return { ok: false, message: 'type upload <path>, e.g. upload examples/payments.csv' };
  const full = resolve(process.cwd(), path);
  try {
    const stat = statSync(full);
    if (!stat.isFile()) return { ok: false, message: `${path} is not a file` };
    if (stat.size > MAX_BYTES) return { ok: false, message: `${path} is larger than Slack takes here (25 MB)` };
    const fileId = s.standin.uploadFile(basename(full), readFileSync(full), s.user.id);
    return { ok: true, fileId, name: basename(full), size: stat.size };
  } catch {
    return { ok: false, message: `cannot read ${path}` };
  }
}
