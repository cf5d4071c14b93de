/**
 * Low-level HTTP helpers for the sandboxes: reading bodies, writing answers and cancellable
 * delays that never keep the process alive.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../../../src/http/read-body.ts';
import type { Answer } from './types.ts';

export { BodyTooLargeError };

/** The request body as text ("" when there is none); rejects with BodyTooLargeError past `maxBytes`. */
export async function readBodyText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return (await readBody(req, maxBytes)).toString('utf8');
}

/** Parsed JSON, the raw text when it is not JSON, or null when empty. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Header names lower-cased (Node already does), repeated values joined with ", ". */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The URL-decoded segments after the leading "/" ("/a/b%20c" → ["a", "b c"]); [] when one is malformed. */
export function decodeSegments(path: string): string[] {
  try {
    return path.split('/').slice(1).map((segment) => decodeURIComponent(segment));
  } catch {
    return [];
  }
}

/** Send an answer: a string body as is, anything else as JSON. Always labelled application/json, like the lenders. */
export function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
  res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

interface PendingDelay {
  timer: NodeJS.Timeout;
  finish: (completed: boolean) => void;
}

/** Timers for injected delays; all of them can be cancelled at once on close(). */
export class Delays {
  private readonly pending = new Set<PendingDelay>();

  /** Resolves true after `ms`, or false if cancelled or the client hung up first. */
  wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const onClose = (): void => entry.finish(false);
      const entry: PendingDelay = {
        timer: setTimeout(() => entry.finish(true), ms),
        finish: (completed) => {
          if (!this.pending.delete(entry)) return;
          clearTimeout(entry.timer);
          res.off('close', onClose);
          resolve(completed);
        },
      };
      entry.timer.unref();
      this.pending.add(entry);
      res.on('close', onClose);
    });
  }

  cancelAll(): void {
    for (const entry of [...this.pending]) entry.finish(false);
  }
}
