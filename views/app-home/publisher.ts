/**
 * App Home: published on `app_home_opened`, on Look up / Refresh, and again whenever one of the
 * person's writes changes state (a retry succeeds, an alert is dismissed).
 */
import { needs } from '../../src/slack/listener-roles.ts';
import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isValidLoanId, loanIdProblem } from '../../src/domain/command-text.ts';
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import { HOME_ACTIONS, HOME_LOOKUP_BLOCK, homeView, type HomeContent } from './home-view.ts';
import { readViewValues } from '../shared/view-values.ts';

export interface HomePublisher {
  publish(userId: string, lookup?: HomeContent['lookup']): Promise<void>;
  /** Re-publish for these people if they have opened the Home before. */
  refresh(userIds: Array<string | null | undefined>): Promise<void>;
}

export function createHomePublisher(client: WebClient, services: Services): HomePublisher {
  const seen = new Set<string>();
  const publish = async (userId: string, lookup?: HomeContent['lookup']) => {
    seen.add(userId);
    const [recent, failedMine, supervisor] = await Promise.all([
      services.store.outbox.listByUser(userId, 10),
      services.store.outbox.listFailed({ userId, limit: 10 }),
      services.access.allowed(userId, 'supervisor'),
    ]);
    const teamAlerts = supervisor ? await services.store.outbox.listFailed({ limit: 10 }) : undefined;
    const batches = await Promise.all((await services.store.bulk.listByUser(userId, 5)).map(async (batch) => ({ batch, counts: await services.store.bulk.counts(batch.id) })));
    const view = homeView({
      userId,
      sandbox: services.sandbox,
      timeZone: services.config.timeZone,
      recent,
      failedMine,
      teamAlerts,
      batches,
      lookup,
      fetchedAt: stampIn(services.now(), services.config.timeZone),
    });
    await client.views.publish({ user_id: userId, view });
  };
  return {
    publish,
    async refresh(userIds) {
      const targets = new Set(userIds.filter((id): id is string => !!id && seen.has(id)));
      await Promise.all([...targets].map((id) => publish(id).catch((error: unknown) => services.logger.warn({ err: error }, 'could not refresh a Home'))));
    },
  };
}

export function registerAppHome(app: App, services: Services, homes: HomePublisher): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await homes.publish(event.user);
  });

  app.action<BlockButtonAction>(HOME_ACTIONS.refresh, needs(app).action(HOME_ACTIONS.refresh, 'viewer'), async ({ ack, body }) => {
    await ack();
    await homes.publish(body.user.id);
  });

  app.action<BlockButtonAction>(HOME_ACTIONS.lookup, needs(app).action(HOME_ACTIONS.lookup, 'viewer'), async ({ ack, body }) => {
    await ack();
    const loanId = (readViewValues(body.view ?? {}, [HOME_LOOKUP_BLOCK])[HOME_LOOKUP_BLOCK] ?? '').trim();
    if (!isValidLoanId(loanId)) {
      await homes.publish(body.user.id, { loanId, error: loanId ? loanIdProblem(loanId) : 'Type a loan id first, e.g. 1001.' });
      return;
    }
    const result = await lookupLoan(services, loanId);
    await homes.publish(body.user.id, result.ok ? { loanId, summary: result.summary } : { loanId, error: result.message });
  });
}
