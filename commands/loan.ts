/**
 * `/loan`: acks at once (never after a lender call), then routes the subcommand.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseLoanCommand } from '../src/domain/command-text.ts';
import { stampIn } from '../src/domain/dates.ts';
import type { Services } from '../src/services.ts';
import { lookupLoan } from '../src/usecases/lookup-loan.ts';
import { escapeMrkdwn } from '../views/shared/blocks.ts';
import { helpMessage } from '../views/loan/help.ts';
import { loanSummaryMessage } from '../views/loan/summary.ts';
import { postToChannel, tellCaller } from '../views/shared/post-message.ts';
import { requestLogger } from '../src/slack/request-logger.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export type SubcommandHandler = (args: CommandArgs, loanId: string | undefined) => Promise<void>;

/** Subcommands that open a modal register here (pay, update, apollo, add, history), each from its own surface. */
export interface LoanCommandRoutes {
  pay: SubcommandHandler;
  update: SubcommandHandler;
  apollo: SubcommandHandler;
  history: SubcommandHandler;
  add: SubcommandHandler;
  bulk: SubcommandHandler;
}

export function loanCommand(services: Services, routes: LoanCommandRoutes) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack, respond } = args;
    const log = requestLogger(services.logger, args.body, args.context);
    const parsed = parseLoanCommand(command.text);
    log.info({ subcommand: parsed.kind }, '/loan');

    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage({ reason: parsed.reason, apolloConfigured: services.apolloConfigured, sandbox: services.sandbox }) });
      return;
    }
    if (parsed.kind === 'lookup') {
      await ack({ response_type: 'ephemeral', text: `:mag: Looking up loan ${escapeMrkdwn(parsed.loanId)} in Credgenics…` });
      const result = await lookupLoan({ credgenics: services.credgenics, logger: log }, parsed.loanId);
      if (!result.ok) {
        await tellCaller(respond, { text: `:warning: ${escapeMrkdwn(result.message)}` });
        return;
      }
      const message = loanSummaryMessage(result.summary, {
        apolloConfigured: services.apolloConfigured,
        fetchedAt: stampIn(services.now(), services.config.timeZone),
        sandbox: services.sandbox,
        requestedBy: command.user_id,
      });
      await postToChannel(args.client, respond, { channel: command.channel_id, ...message });
      return;
    }
    await routes[parsed.kind](args, 'loanId' in parsed ? parsed.loanId : undefined);
  };
}
