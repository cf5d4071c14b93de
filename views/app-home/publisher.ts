/**
 * App Home: published on `app_home_opened`, on Look up / Refresh, and again whenever one of the
 * person's writes changes state (a retry succeeds, an alert is dismissed).
 */
import type { WebClient } from '@slack/web-api';
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import { homeLists } from '../../src/usecases/app-home.ts';
import { homeView, type HomeContent } from './home-view.ts';

export interface HomePublisher {
  publish(userId: string, lookup?: HomeContent['lookup']): Promise<void>;
  /** Re-publish for these people if they have opened the Home before. */
  refresh(userIds: Array<string | null | undefined>): Promise<void>;
}

export function createHomePublisher(client: WebClient, deps: Pick<Services, 'store' | 'access' | 'sandbox' | 'config' | 'now' | 'logger'>): HomePublisher {
  const seen = new Set<string>();
  const publish = async (userId: string, lookup?: HomeContent['lookup']) => {
    seen.add(userId);
    const lists = await homeLists(deps, userId);
    const view = homeView({
      userId,
      sandbox: deps.sandbox,
      timeZone: deps.config.timeZone,
      now: deps.now().getTime(),
      ...lists,
      lookup,
      fetchedAt: stampIn(deps.now(), deps.config.timeZone),
    });
    await client.views.publish({ user_id: userId, view });
  };
  return {
    publish,
    async refresh(userIds) {
      const targets = new Set(userIds.filter((id): id is string => !!id && seen.has(id)));
      await Promise.all([...targets].map((id) => publish(id).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not refresh a Home'))));
    },
  };
}
