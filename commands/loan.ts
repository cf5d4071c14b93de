/**
 * `/loan`: acks at once (never after a lender call), then routes the subcommand: help and the lookup here,
 * the rest to their own file (pay.ts, update.ts, apollo.ts, history.ts, add.ts, bulk.ts).
 */
import { parseLoanCommand, type LoanCommand } from '../src/domain/command-text.ts';
import { stampIn } from '../src/domain/dates.ts';
import type { Logger } from '../src/log.ts';
import type { Services } from '../src/services.ts';
import type { CommandArgs, Subcommand } from '../src/slack/listeners.ts';
import { requestLogger } from '../src/slack/request-logger.ts';
import { lookupLoan } from '../src/usecases/lookup-loan.ts';
import { helpMessage } from '../views/loan/help.ts';
import { loanSummaryMessage } from '../views/loan/summary.ts';
import { escapeMrkdwn } from '../views/shared/blocks.ts';
import { postToChannel, tellCaller } from '../views/shared/post-message.ts';
import { lookupProblem } from '../views/words/lender-errors.ts';
import { addCommand } from './add.ts';
import { apolloCommand } from './apollo.ts';
import { bulkCommand } from './bulk.ts';
import { historyCommand } from './history.ts';
import { payCommand } from './pay.ts';
import { updateCommand } from './update.ts';

type Routed = Exclude<LoanCommand['kind'], 'help' | 'lookup'>;

/** `/loan <loan_id>`: the summary in the channel (PII masked). */
async function lookupCommand(deps: Services, args: CommandArgs, loanId: string, log: Logger): Promise<void> {
  const { command, ack, respond } = args;
  await ack({ response_type: 'ephemeral', text: `:mag: Looking up loan ${escapeMrkdwn(loanId)} in Credgenics…` });
  const result = await lookupLoan({ credgenics: deps.credgenics, logger: log }, loanId);
  if (!result.ok) {
    await tellCaller(respond, { text: `:warning: ${escapeMrkdwn(lookupProblem(loanId, result.error))}` });
    return;
  }
  const message = loanSummaryMessage(result.summary, {
    apolloConfigured: deps.apolloConfigured,
    fetchedAt: stampIn(deps.now(), deps.config.timeZone),
    sandbox: deps.sandbox,
    requestedBy: command.user_id,
  });
  await postToChannel(args.client, respond, { channel: command.channel_id, ...message });
}

export function loanCommand(deps: Services) {
  const routes: Record<Routed, Subcommand> = {
    pay: payCommand(deps),
    update: updateCommand(deps),
    apollo: apolloCommand(deps),
    history: historyCommand(deps),
    add: addCommand(deps),
    bulk: bulkCommand(),
  };
  return async (args: CommandArgs): Promise<void> => {
    const log = requestLogger(deps.logger, args.body, args.context);
    const parsed = parseLoanCommand(args.command.text);
    log.info({ subcommand: parsed.kind }, '/loan');
    if (parsed.kind === 'help') {
      await args.ack({ response_type: 'ephemeral', ...helpMessage({ reason: parsed.reason, apolloConfigured: deps.apolloConfigured, sandbox: deps.sandbox }) });
      return;
    }
    if (parsed.kind === 'lookup') {
      await lookupCommand(deps, args, parsed.loanId, log);
      return;
    }
    await routes[parsed.kind](args, 'loanId' in parsed ? parsed.loanId : undefined);
  };
}
