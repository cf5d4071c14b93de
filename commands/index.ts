/**
 * Registers the slash command `/loan`, with the role each subcommand needs. Only registration here; the
 * subcommands are in loan.ts and beside it.
 */
import type { App } from '@slack/bolt';
import { parseLoanCommand } from '../src/domain/command-text.ts';
import type { Role } from '../src/domain/roles.ts';
import type { Services } from '../src/services.ts';
import { needs } from '../src/slack/listener-roles.ts';
import { loanCommand } from './loan.ts';

const SUBCOMMAND_ROLES: Partial<Record<string, Role>> = { pay: 'agent', update: 'supervisor', apollo: 'supervisor', add: 'supervisor', bulk: 'agent' };

export function registerCommands(app: App, deps: Services): void {
  app.command(
    '/loan',
    needs(app).command('/loan', { role: 'depends', decide: async (body) => SUBCOMMAND_ROLES[parseLoanCommand(String(body['text'] ?? '')).kind] ?? 'viewer' }),
    loanCommand(deps),
  );
}
