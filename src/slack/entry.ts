/**
 * What an incoming Slack request is, for the access checks: its kind, who sent it, where, and the id
 * a listener is registered under (command name, action_id or callback_id).
 */
import { parseLoanCommand } from '../domain/command-text.ts';
import { metadataChannel as channelOf } from './metadata.ts';

export interface Entry {
  kind: 'command' | 'action' | 'view_submission' | 'view_closed' | 'other';
  /** The listener id: `/loan`, an action_id, a callback_id. */
  id: string;
  user: string | undefined;
  channel: string | undefined;
  what: string;
  loanId: string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

export function describeEntry(body: Record<string, unknown>): Entry {
  if (typeof body['command'] === 'string') {
    const parsed = parseLoanCommand(String(body['text'] ?? ''));
    return {
      kind: 'command',
      id: body['command'],
      user: str(body['user_id']),
      channel: str(body['channel_id']),
      what: `/loan ${parsed.kind}`,
      loanId: 'loanId' in parsed ? parsed.loanId : undefined,
    };
  }
  const user = str(obj(body['user'])['id']);
  const view = obj(body['view']);
  const metadataChannel = channelOf(view['private_metadata']);
  if (body['type'] === 'block_actions') {
    const actions = body['actions'];
    const id = str(obj(Array.isArray(actions) ? actions[0] : undefined)['action_id']) ?? '';
    const channel = str(obj(body['channel'])['id']) ?? str(obj(body['container'])['channel_id']) ?? metadataChannel;
    return { kind: 'action', id, user, channel, what: `button ${id}`, loanId: undefined };
  }
  if (body['type'] === 'view_submission' || body['type'] === 'view_closed') {
    const id = str(view['callback_id']) ?? '';
    return { kind: body['type'], id, user, channel: metadataChannel, what: `form ${id}`, loanId: undefined };
  }
  return { kind: 'other', id: String(body['type'] ?? 'event'), user, channel: undefined, what: String(body['type'] ?? 'event'), loanId: undefined };
}
