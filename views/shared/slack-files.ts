/**
 * Files through Slack's Web API: reading the file a person picked in a file_input (files.info for its size
 * first, then a GET of url_private_download with the bot token: read up to the 2 MB cap and no further,
 * whatever the host declares, and following a redirect only within that URL's origin), and uploading a CSV into a channel or
 * thread (files.getUploadURLExternal, a POST of the bytes, files.completeUploadExternal).
 */
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { MAX_FILE_BYTES, formatBytes } from '../../src/domain/bulk-file.ts';

/** Slack should hand over 2 MB well within this; the view submission is acked after it. */
const DOWNLOAD_TIMEOUT_MS = 2_000;

const fileInfo = z.object({
  id: z.string().min(1),
  name: z.string().max(255).default('payments.csv'),
  size: z.number().int().nonnegative(),
  url_private_download: z.url().optional(),
  url_private: z.url().optional(),
});

export type FileRead = { ok: true; id: string; name: string; bytes: Uint8Array } | { ok: false; reason: string };

const WONT_HAND_OVER = 'Slack would not hand loanbot this file. Upload it again; if it keeps happening, ask an admin to check that loanbot has the `files:read` permission.';

/**
 * The bot token is sent only to Slack's own file host (or, with SLACK_API_URL, to that host: the stand-in),
 * however a file object came to name another.
 */
export function isSlackFileUrl(url: string, apiUrl: string | undefined): boolean {
  try {
    const u = new URL(url);
    if (apiUrl) return u.host === new URL(apiUrl).host;
    return u.protocol === 'https:' && (u.hostname === 'files.slack.com' || u.hostname.endsWith('.slack.com'));
  } catch {
    return false;
  }
}

export async function readSlackFile(client: WebClient, fileId: string, botToken: string, apiUrl?: string): Promise<FileRead> {
  let info: z.infer<typeof fileInfo>;
  try {
    const answer = await client.files.info({ file: fileId });
    const parsed = fileInfo.safeParse(answer.file);
    if (!parsed.success) return { ok: false, reason: WONT_HAND_OVER };
    info = parsed.data;
  } catch {
    return { ok: false, reason: WONT_HAND_OVER };
  }
  if (info.size > MAX_FILE_BYTES) return { ok: false, reason: `The file is ${formatBytes(info.size)}; the most loanbot reads is ${formatBytes(MAX_FILE_BYTES)}. Split it into smaller files.` };
  const url = info.url_private_download ?? info.url_private;
  if (!url || !isSlackFileUrl(url, apiUrl)) return { ok: false, reason: WONT_HAND_OVER };
  return download(url, botToken).then(
    (got) => (got.ok ? { ok: true, id: info.id, name: info.name, bytes: got.bytes } : got),
    () => ({ ok: false, reason: 'Slack did not hand over the file in time. Try again in a moment.' }),
  );
}

/** Redirects followed within the file's origin (Slack's file host may move a download; never off it). */
const MAX_REDIRECTS = 3;
const tooLarge = (size: string) => ({ ok: false as const, reason: `The file is ${size}; the most loanbot reads is ${formatBytes(MAX_FILE_BYTES)}. Split it into smaller files.` });

/** The bytes at `url` (at most MAX_FILE_BYTES: past them the connection is dropped), or why not. Throws on a timeout or network error. */
async function download(url: string, botToken: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  const origin = new URL(url).origin;
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]);
  try {
    let target = url;
    for (let hops = 0; ; hops++) {
      const res = await fetch(target, { headers: { authorization: `Bearer ${botToken}` }, signal, redirect: 'manual' });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        const next = location ? new URL(location, target) : undefined;
        if (!next || next.origin !== origin || hops >= MAX_REDIRECTS) return { ok: false, reason: WONT_HAND_OVER };
        target = next.toString();
        continue;
      }
      if (!res.ok || !res.body) return { ok: false, reason: WONT_HAND_OVER };
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > MAX_FILE_BYTES) return tooLarge(formatBytes(declared));
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = res.body.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        size += part.value.byteLength;
        if (size > MAX_FILE_BYTES) return tooLarge(`larger than ${formatBytes(MAX_FILE_BYTES)}`);
        chunks.push(part.value);
      }
      return { ok: true, bytes: Buffer.concat(chunks) };
    }
  } finally {
    // Whatever is still coming (a body past the cap, a redirect's) is not read: the connection is dropped.
    stop.abort();
  }
}

/** Uploads `content` as a file shared into `channel` (and thread). Returns the file id. */
export async function uploadCsv(client: WebClient, input: { channel: string; threadTs?: string | undefined; filename: string; title: string; content: string; comment?: string }): Promise<string | undefined> {
  const bytes = Buffer.from(input.content, 'utf8');
  const target = await client.files.getUploadURLExternal({ filename: input.filename, length: bytes.length });
  if (!target.upload_url || !target.file_id) return undefined;
  const res = await fetch(target.upload_url, { method: 'POST', body: bytes, headers: { 'content-type': 'text/csv' }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`file upload answered ${res.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: input.title }],
    channel_id: input.channel,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    ...(input.comment ? { initial_comment: input.comment } : {}),
  });
  return target.file_id;
}
