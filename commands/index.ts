/**
 * Registers the slash commands. Only registration here; handlers live beside their surface.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.ts';
import { loanCommand, type LoanCommandRoutes } from './loan.ts';

export function registerCommands(app: App, services: Services, routes: LoanCommandRoutes): void {
  app.command('/loan', loanCommand(services, routes));
}
