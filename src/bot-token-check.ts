/**
 * `auth.test` at start: a bot token Slack refuses stops the start (naming SLACK_BOT_TOKEN) instead of
 * "ready" followed by every Web API call failing. Slack being unreachable is only warned about.
 */
import { WebClient } from '@slack/web-api';
import { boltLogger, type Logger } from './log.ts';

/** The answers that mean the token itself is bad (https://docs.slack.dev/reference/methods/auth.test). */
const REFUSED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked']);

export class BotTokenRefused extends Error {
  constructor(readonly code: string) {
    super(`Slack refused SLACK_BOT_TOKEN (auth.test answered ${code}). Set SLACK_BOT_TOKEN to the bot token (xoxb-…) of the installed app.`);
    this.name = this.constructor.name;
  }
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export async function checkBotToken(slack: { botToken: string; apiUrl?: string | undefined }, logger: Logger): Promise<void> {
  const client = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    logger: boltLogger(logger),
    timeout: 10_000,
  });
  try {
    const answer = await client.auth.test();
    logger.info({ team: answer.team, botUserId: answer.user_id }, 'Slack accepted SLACK_BOT_TOKEN');
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && REFUSED.has(code)) throw new BotTokenRefused(code);
    logger.warn({ err: error }, 'could not check SLACK_BOT_TOKEN with auth.test; starting anyway');
  }
}
