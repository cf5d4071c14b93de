/**
 * App Home: registers the tab's event and buttons, each button with the role it needs.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../../src/services.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import { homeOpened, lookUpFromHome, refreshHome } from './buttons.ts';
import { HOME_ACTIONS } from './home-view.ts';
import type { HomePublisher } from './publisher.ts';

export function registerAppHome(app: App, deps: Services, homes: HomePublisher): void {
  app.event('app_home_opened', homeOpened(homes));
  app.action<BlockButtonAction>(HOME_ACTIONS.refresh, needs(app).action(HOME_ACTIONS.refresh, 'viewer'), refreshHome(homes));
  app.action<BlockButtonAction>(HOME_ACTIONS.lookup, needs(app).action(HOME_ACTIONS.lookup, 'viewer'), lookUpFromHome(deps, homes));
}
