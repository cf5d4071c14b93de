/**
 * An alert button's answer to the person who pressed it, ephemeral in the alert's channel (none when the
 * button was pressed where there is no channel, e.g. the App Home).
 */
import type { WebClient } from '@slack/web-api';
import type { ButtonArgs } from '../../src/slack/listeners.ts';

export async function tellPresser(client: WebClient, body: ButtonArgs['body'], text: string): Promise<void> {
  const channel = body.channel?.id;
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user: body.user.id, text }).catch(() => undefined);
}
