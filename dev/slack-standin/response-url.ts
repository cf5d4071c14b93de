/**
 * POSTs to a response_url minted by the driver: new ephemeral / in-channel messages,
 * replace_original, delete_original. At most 5 posts within 30 minutes per URL, like Slack.
 * Posts are recorded in `calls` with method `response_url`.
 */
import { checkMessage, messageErrorCode } from './block-kit-limits.ts';
import { isObj } from './blocks.ts';
import { RESPONSE_URL_MAX_POSTS, RESPONSE_URL_TTL_MS, type StandinState } from './state.ts';
import type { JsonObject } from './types.ts';

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
}

const json = (status: number, body: JsonObject): HttpAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' });
const plain = (status: number, body: string): HttpAnswer => ({ status, body, contentType: 'text/plain; charset=utf-8' });
const flag = (v: unknown): boolean => v === true || v === 'true';

export function handleResponseUrl(s: StandinState, id: string, raw: string): HttpAnswer {
  const rec = s.responseUrls.get(id);
  const record = (args: JsonObject, ok: boolean, error?: string): void => {
    s.recordCall('response_url', { ...args, response_url: rec?.url ?? id }, error === undefined ? { ok } : { ok, error });
  };
  if (!rec) {
    record({}, false, 'no_service');
    return plain(404, 'no_service');
  }
  if (s.now() - rec.createdAt > RESPONSE_URL_TTL_MS) {
    record({}, false, 'expired_url');
    return plain(404, 'expired_url');
  }
  if (rec.posts >= RESPONSE_URL_MAX_POSTS) {
    record({}, false, 'used_url');
    return plain(404, 'used_url');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  if (!isObj(body)) {
    record({ raw }, false, 'invalid_payload');
    return plain(400, 'invalid_payload');
  }
  rec.posts += 1;

  const source = rec.source ? s.messages.find(rec.source.channel, rec.source.ts) : undefined;
  if (flag(body['delete_original'])) {
    if (!source) {
      record(body, false, 'message_not_found');
      return plain(404, 'message_not_found');
    }
    s.messages.remove(source);
    record(body, true);
    return json(200, { ok: true });
  }

  const problems = checkMessage(body);
  if (problems.length > 0) {
    s.recordViolation('response_url', problems);
    const error = messageErrorCode(problems);
    record(body, false, error);
    return json(400, { ok: false, error, errors: problems });
  }

  const text = typeof body['text'] === 'string' ? body['text'] : '';
  if (flag(body['replace_original']) && source) {
    s.messages.update(source, { text, blocks: body['blocks'] ?? [], attachments: body['attachments'] }, 'response_url');
  } else {
    const threadTs = body['thread_ts'];
    s.messages.add({
      channel: rec.channelId,
      text,
      blocks: body['blocks'],
      attachments: body['attachments'],
      thread_ts: typeof threadTs === 'string' ? threadTs : rec.threadTs,
      ephemeralTo: body['response_type'] === 'in_channel' ? undefined : rec.userId,
      bot_id: s.workspace.botId,
      via: 'response_url',
    });
  }
  record(body, true);
  return json(200, { ok: true });
}
