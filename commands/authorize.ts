/**
 * One gate in front of every listener: is loanbot enabled in this channel, and does this person hold
 * the role this command, button or submission needs? Checked on every entry, so a forwarded message's
 * button or a replayed submission cannot go around the modal that first checked. Refusals are
 * ephemeral, name the role needed, and are audited.
 */
import type { AnyMiddlewareArgs, AllMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { parseLoanCommand } from '../src/domain/command-text.ts';
import { ROLE_WORDS, type Role } from '../src/domain/roles.ts';
import type { Services } from '../src/services.ts';

const SUBCOMMAND_ROLES: Record<string, Role> = { pay: 'agent', update: 'supervisor', apollo: 'supervisor', add: 'supervisor' };

/** Prefix → role, most specific first; anything else needs the viewer role. */
const ACTION_ROLES: Array<[string, Role]> = [
  ['summary_record_payment', 'agent'],
  ['summary_show_details', 'agent'],
  ['summary_update', 'supervisor'],
  ['payment_', 'agent'],
  ['alert_edit_retry', 'agent'],
  ['alert_dismiss', 'supervisor'],
  ['alert_send_anyway', 'supervisor'],
  ['update_loan', 'supervisor'],
  ['apollo', 'supervisor'],
  ['add_loan', 'supervisor'],
];

const VIEW_ROLES: Array<[string, Role]> = [
  ['payment_', 'agent'],
  ['alert_dismiss', 'supervisor'],
  ['update_loan', 'supervisor'],
  ['apollo', 'supervisor'],
  ['add_loan', 'supervisor'],
];

const byPrefix = (table: Array<[string, Role]>, id: string): Role => table.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'viewer';

interface Entry {
  kind: 'command' | 'action' | 'view_submission' | 'other';
  user: string | undefined;
  channel: string | undefined;
  role: Role;
  what: string;
  loanId: string | undefined;
}

function metadataChannel(privateMetadata: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(privateMetadata ?? '') as { channelId?: unknown; form?: { channelId?: unknown } };
    const channel = parsed.channelId ?? parsed.form?.channelId;
    return typeof channel === 'string' ? channel : undefined;
  } catch {
    return undefined;
  }
}

async function describeEntry(services: Services, body: Record<string, unknown>): Promise<Entry> {
  if (typeof body['command'] === 'string') {
    const parsed = parseLoanCommand(String(body['text'] ?? ''));
    return {
      kind: 'command',
      user: String(body['user_id']),
      channel: String(body['channel_id']),
      role: SUBCOMMAND_ROLES[parsed.kind] ?? 'viewer',
      what: `/loan ${parsed.kind}`,
      loanId: 'loanId' in parsed ? parsed.loanId : undefined,
    };
  }
  const user = (body['user'] as { id?: string } | undefined)?.id;
  if (body['type'] === 'block_actions') {
    const action = (body['actions'] as Array<{ action_id?: string; value?: string }> | undefined)?.[0];
    const actionId = action?.action_id ?? '';
    let role = byPrefix(ACTION_ROLES, actionId);
    if (actionId === 'alert_retry') {
      // A retry needs the role of the write it sends again.
      const write = await services.store.outbox.get(action?.value ?? '');
      role = write && write.operation !== 'update_payment' ? 'supervisor' : 'agent';
    }
    const view = body['view'] as { private_metadata?: string; type?: string } | undefined;
    const channel =
      (body['channel'] as { id?: string } | undefined)?.id ??
      (body['container'] as { channel_id?: string } | undefined)?.channel_id ??
      metadataChannel(view?.private_metadata);
    return { kind: 'action', user, channel, role, what: `button ${actionId}`, loanId: undefined };
  }
  if (body['type'] === 'view_submission') {
    const view = body['view'] as { callback_id?: string; private_metadata?: string };
    return {
      kind: 'view_submission',
      user,
      channel: metadataChannel(view.private_metadata),
      role: byPrefix(VIEW_ROLES, view.callback_id ?? ''),
      what: `form ${view.callback_id ?? ''}`,
      loanId: undefined,
    };
  }
  return { kind: 'other', user, channel: undefined, role: 'viewer', what: String(body['type'] ?? 'event'), loanId: undefined };
}

function refusalView(text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Not allowed' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

export function authorize(services: Services): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, next } = args as AnyMiddlewareArgs & AllMiddlewareArgs;
    const entry = await describeEntry(services, body as unknown as Record<string, unknown>);
    if (entry.kind === 'other' || !entry.user) return next();
    const enabled = services.access.channelEnabled(entry.channel) || entry.channel === undefined;
    const allowed = enabled && (await services.access.allowed(entry.user, entry.role));
    if (allowed) return next();

    const text = !enabled
      ? 'loanbot is not enabled in this channel. Ask an admin to add it to LOANBOT_CHANNELS, or use it in a channel where it is.'
      : `Sorry, only ${ROLE_WORDS[entry.role]} can do that (${entry.what.replace(/_/g, ' ')}). Ask a loanbot admin if you need it.`;
    await services.store.audit.append({
      actor: entry.user,
      action: 'access.refused',
      loanId: entry.loanId ?? null,
      lender: null,
      outcome: enabled ? `needs ${entry.role}` : 'channel not enabled',
      detail: entry.what,
      writeId: null,
    });
    services.logger.warn({ user: entry.user, role: entry.role, what: entry.what, enabled }, 'refused');
    const a = args as unknown as { ack?: (response?: unknown) => Promise<void>; respond?: (m: unknown) => Promise<unknown>; client: AllMiddlewareArgs['client'] };
    if (entry.kind === 'command') {
      await a.ack?.({ response_type: 'ephemeral', text: `:no_entry: ${text}` });
    } else if (entry.kind === 'view_submission') {
      await a.ack?.({ response_action: 'update', view: refusalView(`:no_entry: ${text}`) });
    } else {
      await a.ack?.();
      if (a.respond && (body as { response_url?: string }).response_url) {
        await a.respond({ response_type: 'ephemeral', replace_original: false, text: `:no_entry: ${text}` });
      } else if (entry.channel) {
        await a.client.chat.postEphemeral({ channel: entry.channel, user: entry.user, text: `:no_entry: ${text}` }).catch(() => undefined);
      }
    }
  };
}
