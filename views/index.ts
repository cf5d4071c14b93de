/**
 * The one door from the composition root (src/app.ts) into views/: registers every surface's action,
 * submission and event listeners, feature by feature (each folder's index.ts), and hands out what the
 * root wires below the edge: the notifier the worker reports through, the App Home publisher and the
 * gate's refusal words. The `/loan` subcommands that open these surfaces live in commands/.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.ts';
import { registerAddLoan } from './add-loan/index.ts';
import { registerAlerts } from './alerts/index.ts';
import { registerApollo } from './apollo/index.ts';
import { registerAppHome } from './app-home/index.ts';
import type { HomePublisher } from './app-home/publisher.ts';

import { registerBulk } from './bulk/index.ts';
import { registerLoan } from './loan/index.ts';
import { registerPayment } from './payment/index.ts';
import { registerUpdateLoan } from './update-loan/index.ts';

export { createSlackNotifier } from './alerts/notifier.ts';
export { createHomePublisher, type HomePublisher } from './app-home/publisher.ts';
export { REFUSAL_WORDS } from './words/refusals.ts';

export function registerViews(app: App, deps: Services, surfaces: { homes: HomePublisher }): void {
  registerAppHome(app, deps, surfaces.homes);
  registerLoan(app, deps);
  registerPayment(app, deps);
  registerAlerts(app, deps);
  registerUpdateLoan(app, deps);
  registerAddLoan(app, deps);
  registerApollo(app, deps);
  registerBulk(app, deps);
}
