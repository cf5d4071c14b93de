/**
 * The Slack side of WriteNotifier: confirmations in the originating channel (in the summary's thread
 * when there is one), alerts there and in LOANBOT_ALERTS_CHANNEL, updated in place as the write moves on,
 * and the loan summary refreshed after a successful write.
 */
import type { WebClient } from '@slack/web-api';
import type { LenderError } from '../../src/lenders/errors.ts';
import type { Services } from '../../src/services.ts';
import { rememberAlert } from '../../src/usecases/alerts.ts';
import type { WriteNotifier } from '../../src/usecases/notifier.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import { stampIn } from '../../src/domain/dates.ts';
import { loanSummaryMessage } from '../loan/summary.ts';
import { alertMessage, confirmationMessage } from './messages.ts';
import { writeStatusText, writeStatusView } from './write-status.ts';
import { postToChannelOrPerson } from '../shared/post-message.ts';
import { createBulkProgress } from '../bulk/progress.ts';
import { isBulkWrite } from '../../src/usecases/bulk-keys.ts';

export type NotifierDeps = Pick<Services, 'config' | 'logger' | 'store' | 'credgenics' | 'apolloConfigured' | 'sandbox' | 'now' | 'bulkProgressGapMs'>;
type Deps = NotifierDeps;

export type SlackNotifier = WriteNotifier;

/** `onChange` hears of every write whose state people can see change (the App Home refreshes on it). */
export function createSlackNotifier(client: WebClient, deps: Deps, onChange: (write: OutboxWrite) => void = () => undefined): SlackNotifier {
  const timeZone = deps.config.timeZone;
  // A bulk file's rows report in their batch message, not one confirmation or alert each.
  const bulk = createBulkProgress(client, deps);

  async function refreshAlerts(write: OutboxWrite, extras: { retryingBy?: string } = {}): Promise<void> {
    onChange(write);
    const message = alertMessage(write, { timeZone, now: deps.now().getTime(), ...extras });
    await Promise.all(
      write.alerts.map((alert) =>
        client.chat
          .update({ channel: alert.channel, ts: alert.ts, ...message })
          .catch((error: unknown) => deps.logger.warn({ err: error, writeId: write.id }, 'could not update an alert')),
      ),
    );
  }

  async function refreshSummary(write: OutboxWrite): Promise<void> {
    if (!write.sourceMessageTs) return;
    const result = await lookupLoan(deps, write.loanId);
    if (!result.ok) return;
    const message = loanSummaryMessage(result.summary, {
      apolloConfigured: deps.apolloConfigured,
      fetchedAt: stampIn(deps.now(), timeZone),
      sandbox: deps.sandbox,
    });
    await client.chat
      .update({ channel: write.channelId, ts: write.sourceMessageTs, ...message })
      .catch((error: unknown) => deps.logger.warn({ err: error, writeId: write.id }, 'could not refresh the summary'));
  }

  /** The modal the write was confirmed in, if it is still open (a closed one answers not_found: fine). */
  async function updateModal(write: OutboxWrite, error?: LenderError): Promise<void> {
    if (!write.viewId) return;
    const view = writeStatusView(write, writeStatusText(write, { error, timeZone, now: deps.now().getTime() }));
    await client.views.update({ view_id: write.viewId, view }).catch(() => undefined);
  }

  /** The write's alert updated in place, or posted now when it has none. */
  async function postOrRefreshAlert(write: OutboxWrite): Promise<void> {
    if (write.alerts.length > 0) {
      await refreshAlerts(write);
      return;
    }
    const message = alertMessage(write, { timeZone, now: deps.now().getTime() });
    // The originating channel (or, if loanbot is not in it, the person), and the alerts channel.
    const targets = [{ channel: write.channelId, threadTs: write.threadTs ?? undefined, person: write.requestedBy }];
    const alertsChannel = deps.config.alertsChannel;
    if (alertsChannel && alertsChannel !== write.channelId) targets.push({ channel: alertsChannel, threadTs: undefined, person: '' });
    for (const target of targets) {
      try {
        const posted = target.person
          ? await postToChannelOrPerson(client, { channel: target.channel, threadTs: target.threadTs, userId: target.person, ...message })
          : await client.chat.postMessage({ channel: target.channel, ...message }).then((r) => ({ channel: r.channel ?? target.channel, ts: r.ts }));
        if (posted.ts) await rememberAlert(deps, write.id, { channel: posted.channel, ts: posted.ts });
      } catch (error) {
        deps.logger.error({ err: error, writeId: write.id, channel: target.channel }, 'could not post an alert');
      }
    }
  }

  return {
    refreshAlerts,

    async confirmed(write, info) {
      if (isBulkWrite(write)) return bulk.changed(write);
      onChange(write);
      await updateModal(write);
      if (write.alerts.length > 0) await refreshAlerts(write);
      const message = confirmationMessage(write, { ...info, timeZone });
      await postToChannelOrPerson(client, { channel: write.channelId, threadTs: write.threadTs ?? undefined, userId: write.requestedBy, ...message });
      await refreshSummary(write);
    },

    async failed(write, info) {
      if (isBulkWrite(write)) return bulk.changed(write);
      onChange(write);
      await updateModal(write, info.error);
      await postOrRefreshAlert(write);
    },

    async waiting(write) {
      if (isBulkWrite(write)) return bulk.changed(write);
      onChange(write);
      await updateModal(write);
      await postOrRefreshAlert(write);
    },
  };
}
