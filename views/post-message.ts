/**
 * Delivering a message where the person asked: `chat.postMessage` to the channel (in a thread when
 * given); when loanbot is not a member of the channel, the command's or action's `response_url`
 * with `in_channel`, which Slack accepts from any channel the command came from.
 */
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { RespondFn } from '@slack/bolt';

export interface Delivery {
  channel: string;
  threadTs?: string | undefined;
  text: string;
  blocks: KnownBlock[];
}

export interface Delivered {
  channel: string;
  ts: string | undefined;
  via: 'chat.postMessage' | 'response_url';
}

const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export function isNotAMember(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && NOT_A_MEMBER.has(code);
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export async function postToChannel(client: WebClient, respond: RespondFn | undefined, message: Delivery): Promise<Delivered> {
  try {
    const result = await client.chat.postMessage({
      channel: message.channel,
      text: message.text,
      blocks: message.blocks,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return { channel: result.channel ?? message.channel, ts: result.ts, via: 'chat.postMessage' };
  } catch (error) {
    const code = slackErrorCode(error);
    if (!respond || !code || !NOT_A_MEMBER.has(code)) throw error;
    await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
    return { channel: message.channel, ts: undefined, via: 'response_url' };
  }
}

/**
 * A message about someone's write, where it started; when loanbot is not a member of that channel (a
 * modal outlives the command's response URL), it goes to the person directly instead, saying why.
 */
export async function postToChannelOrPerson(
  client: WebClient,
  message: Delivery & { userId: string },
): Promise<{ channel: string; ts: string | undefined }> {
  try {
    const result = await client.chat.postMessage({
      channel: message.channel,
      text: message.text,
      blocks: message.blocks,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      unfurl_links: false,
    });
    return { channel: result.channel ?? message.channel, ts: result.ts };
  } catch (error) {
    if (!isNotAMember(error)) throw error;
    const note = { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `loanbot is not a member of <#${message.channel}>, so this comes to you directly.` }] };
    const result = await client.chat.postMessage({ channel: message.userId, text: message.text, blocks: [...message.blocks.slice(0, 49), note] });
    return { channel: result.channel ?? message.userId, ts: result.ts };
  }
}

/** Something only the caller should see, through the response_url (works whether or not loanbot is in the channel). */
export async function tellCaller(respond: RespondFn, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
}
