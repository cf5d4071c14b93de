/**
 * Files in the stand-in: what people upload (to fill a `file_input`), `files.info`, the GET of
 * `url_private_download` (only with the bot token: anything else gets Slack's HTML sign-in page, as the
 * real one answers), and the app's uploads: `files.getUploadURLExternal`, a POST of the bytes to the
 * URL it returns, then `files.completeUploadExternal` sharing it into a channel or thread.
 */
import { z } from 'zod';
import type { StandinState } from './state.ts';
import type { DownloadAnswer, StoredFile } from './file-store.ts';
import type { JsonObject } from './types.ts';
import { fail, nonEmpty, parseArgs, tsArg, type ApiHandler } from './web-api-common.ts';
import { findChannel } from './workspace.ts';

export const SIGN_IN_PAGE = '<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Sign in to your workspace</h1></body></html>';

/** The `filetype` Slack gives a file of this name (what a file_input's `filetypes` lists): its extension, else "text". */
export function filetypeOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return match ? match[1]!.toLowerCase() : 'text';
}

const MIME: Record<string, string> = { csv: 'text/csv', txt: 'text/plain', json: 'application/json', pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', png: 'image/png' };

/** A file object as Slack's API and view_submission payloads show it. */
export function fileObject(s: StandinState, file: StoredFile): JsonObject {
  const ext = filetypeOf(file.name);
  const download = `${s.baseUrl}/files-pri/${s.workspace.teamId}-${file.id}/download/${encodeURIComponent(file.name)}`;
  return {
    id: file.id, created: Math.floor(file.createdAt / 1000), timestamp: Math.floor(file.createdAt / 1000), name: file.name, title: file.title,
    mimetype: MIME[ext] ?? 'application/octet-stream', filetype: ext, pretty_type: ext.toUpperCase(), user: file.user, size: file.bytes.length,
    mode: 'hosted', is_external: false, is_public: false,
    url_private: `${s.baseUrl}/files-pri/${s.workspace.teamId}-${file.id}/${encodeURIComponent(file.name)}`,
    url_private_download: download,
  };
}

/** The test's own answer to this download (SlackStandin.answerDownload), if it set one: the call is recorded. */
export function customDownload(s: StandinState, path: string, token: string | undefined): DownloadAnswer | undefined {
  const match = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\//.exec(path);
  const file = match ? s.files.get(match[1]!) : undefined;
  if (!file?.answer) return undefined;
  s.recordCall('files.download', { path: path.slice(0, 200) }, { ok: token === s.botToken });
  return file.answer;
}

/** `GET /files-pri/<team>-<id>/…`: the bytes for the bot token, Slack's sign-in page for anything else. */
export function downloadFile(s: StandinState, path: string, token: string | undefined): { status: number; body: Buffer; contentType: string } {
  const match = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\//.exec(path);
  const file = match ? s.files.get(match[1]!) : undefined;
  const call = { path: path.slice(0, 200) };
  if (!file || token !== s.botToken) {
    s.recordCall('files.download', call, { ok: false, error: file ? 'sign_in_page' : 'file_not_found' });
    return { status: 200, body: Buffer.from(SIGN_IN_PAGE), contentType: 'text/html; charset=utf-8' };
  }
  s.recordCall('files.download', call, { ok: true });
  return { status: 200, body: file.bytes, contentType: String(fileObject(s, file)['mimetype']) };
}

/** `POST /upload/<id>`: the bytes of a file the app is uploading. */
export function receiveUpload(s: StandinState, uploadId: string, body: Buffer): { status: number; body: string } {
  const file = s.files.takeUpload(uploadId);
  if (!file) return { status: 404, body: 'upload not found' };
  file.bytes = body;
  s.recordCall('files.upload', { file: file.id, bytes: body.length }, { ok: true });
  return { status: 200, body: `OK - ${body.length}` };
}

const Info = z.object({ file: nonEmpty });
const GetUploadUrl = z.object({ filename: nonEmpty, length: z.coerce.number().int().positive(), alt_txt: z.string().optional() });
const Complete = z.object({
  files: z.union([z.string(), z.array(z.unknown())]),
  channel_id: z.string().optional(),
  thread_ts: tsArg.optional(),
  initial_comment: z.string().optional(),
});
const FileRefs = z.array(z.object({ id: nonEmpty, title: z.string().optional() })).min(1);

export const FILE_METHODS: Record<string, ApiHandler> = {
  'files.info': (s, args) => {
    const p = parseArgs(Info, args);
    if (!p.ok) return p.res;
    const file = s.files.get(p.data.file);
    if (!file || file.pendingUpload) return fail('file_not_found');
    return { ok: true, file: fileObject(s, file) };
  },
  'files.getUploadURLExternal': (s, args) => {
    const p = parseArgs(GetUploadUrl, args);
    if (!p.ok) return p.res;
    const file = s.files.add({ name: p.data.filename, user: s.workspace.botUserId, bytes: Buffer.alloc(0), pendingUpload: true, now: s.now() });
    return { ok: true, upload_url: `${s.baseUrl}/upload/${s.files.newUpload(file.id)}`, file_id: file.id };
  },
  'files.completeUploadExternal': (s, args) => {
    const p = parseArgs(Complete, args);
    if (!p.ok) return p.res;
    let refs: z.infer<typeof FileRefs>;
    try {
      const parsed = FileRefs.safeParse(typeof p.data.files === 'string' ? JSON.parse(p.data.files) : p.data.files);
      if (!parsed.success) return fail('invalid_arguments');
      refs = parsed.data;
    } catch {
      return fail('invalid_arguments');
    }
    const files = refs.map((r) => ({ ref: r, file: s.files.get(r.id) }));
    if (files.some((f) => !f.file || !f.file.pendingUpload)) return fail('file_not_found');
    const channel = p.data.channel_id ? findChannel(s.workspace, p.data.channel_id) : undefined;
    if (p.data.channel_id && !channel) return fail('channel_not_found');
    if (channel && !channel.botIsMember) return fail('not_in_channel');
    for (const { ref, file } of files) {
      file!.pendingUpload = false;
      if (ref.title) file!.title = ref.title;
    }
    if (channel) {
      const titles = files.map((f) => f.file!.title).join(', ');
      const msg = s.messages.add({
        channel: channel.id, text: p.data.initial_comment ?? titles, thread_ts: p.data.thread_ts,
        metadata: { event_type: 'file_share', event_payload: { file_ids: files.map((f) => f.file!.id), titles } },
        bot_id: s.workspace.botId, via: 'api',
      });
      for (const { file } of files) file!.shares.push({ channel: channel.id, ...(p.data.thread_ts ? { threadTs: p.data.thread_ts } : {}), ts: msg.ts });
    }
    return { ok: true, files: files.map((f) => ({ id: f.file!.id, title: f.file!.title })) };
  },
};
