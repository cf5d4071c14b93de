/**
 * The shapes of the listeners commands/ and views/ export (named functions, registered by each folder's
 * index.ts), so a handler file names what it handles without spelling out Bolt's generics.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockButtonAction,
  BlockStaticSelectAction,
  Middleware,
  RadioButtonsAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

export type ButtonListener = Middleware<SlackActionMiddlewareArgs<BlockButtonAction>>;
export type SelectListener = Middleware<SlackActionMiddlewareArgs<BlockStaticSelectAction>>;
export type RadioListener = Middleware<SlackActionMiddlewareArgs<BlockAction<RadioButtonsAction>>>;
export type SubmitListener = Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>>;
export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** A `/loan` subcommand: the command's args and the loan id it names (if any). */
export type Subcommand = (args: CommandArgs, loanId: string | undefined) => Promise<void>;
