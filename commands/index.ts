/**
 * Registers the slash commands. Only registration here; handlers live beside their surface.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.ts';
import { loanCommand, type LoanCommandRoutes } from './loan.ts';
import { needs } from '../src/slack/listener-roles.ts';
import { parseLoanCommand } from '../src/domain/command-text.ts';
import type { Role } from '../src/domain/roles.ts';

const SUBCOMMAND_ROLES: Partial<Record<string, Role>> = { pay: 'agent', update: 'supervisor', apollo: 'supervisor', add: 'supervisor', bulk: 'agent' };

export function registerCommands(app: App, services: Services, routes: LoanCommandRoutes): void {
  app.command(
    '/loan',
    needs(app).command('/loan', { role: 'depends', decide: async (body) => SUBCOMMAND_ROLES[parseLoanCommand(String(body['text'] ?? '')).kind] ?? 'viewer' }),
    loanCommand(services, routes),
  );
}
