/**
 * Delivering a message where the person asked: `chat.postMessage` to the channel (in a thread when
 * given); when loanbot is not a member of the channel, the command's or action's `response_url`
 * with `in_channel`, which Slack accepts from any channel the command came from.
 */
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { RespondFn } from '@slack/bolt';
import { context } from './blocks.ts';

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

function isNotAMember(error: unknown): boolean {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' && NOT_A_MEMBER.has(data.error);
}

async function post(client: WebClient, message: Delivery): Promise<{ channel: string; ts: string | undefined }> {
  const result = await client.chat.postMessage({
    channel: message.channel,
    text: message.text,
    blocks: message.blocks,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  return { channel: result.channel ?? message.channel, ts: result.ts };
}

export async function postToChannel(client: WebClient, respond: RespondFn | undefined, message: Delivery): Promise<Delivered> {
  try {
    return { ...(await post(client, message)), via: 'chat.postMessage' };
  } catch (error) {
    if (!respond || !isNotAMember(error)) throw error;
    await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
    return { channel: message.channel, ts: undefined, via: 'response_url' };
  }
}

/**
 * A message about someone's write, where it started; when loanbot is not a member of that channel (a
 * modal outlives the command's response URL), it goes to the person directly instead, saying why.
 */
export async function postToChannelOrPerson(client: WebClient, message: Delivery & { userId: string }): Promise<{ channel: string; ts: string | undefined }> {
  try {
    return await post(client, message);
  } catch (error) {
    if (!isNotAMember(error)) throw error;
    const note = context(`loanbot is not a member of <#${message.channel}>, so this comes to you directly.`);
    return post(client, { channel: message.userId, text: message.text, blocks: [...message.blocks.slice(0, 49), note] });
  }
}

/** Something only the caller should see, through the response_url (works whether or not loanbot is in the channel). */
export async function tellCaller(respond: RespondFn, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
}

/** The direct-message channel with a person (files loanbot sends only to them). */
export async function dmChannel(client: WebClient, userId: string): Promise<string | undefined> {
  const opened = await client.conversations.open({ users: userId });
  return opened.channel?.id;
}
