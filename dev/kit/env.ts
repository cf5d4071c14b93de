/**
 * loanbot's environment (what `npm start` reads) for a world on loopback: the Slack stand-in, the sandbox
 * lenders (started by the caller, or by the app with LOANBOT_LENDERS=sandbox), a data directory or a
 * Postgres database. Everything a caller does not name is left to loanbot's defaults.
 */
import { APOLLO, APP_TOKEN, BOT_TOKEN, CG_ROLE, CG_TOKEN, SIGNING_SECRET } from './constants.ts';

export type SlackMode = 'http' | 'socket';

export interface EnvInput {
  slack: { apiUrl: string };
  /** A Credgenics the caller started (CG_TOKEN / CG_ROLE); none: the app starts its own sandbox lenders. */
  credgenics?: { url: string };
  /** An Apollo the caller started (the APOLLO credentials). */
  apollo?: { tokenUrl: string; updateUrl: string };
  /** Signed HTTP (default) or Socket Mode. */
  mode?: SlackMode;
  /** Default 0 (an ephemeral port). */
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
  alertsChannel?: string;
  logLevel?: string;
  credgenicsTimeoutMs?: number;
  /** Other credentials than the kit's (the shell makes its own). */
  signingSecret?: string;
  botToken?: string;
}

export function loanbotEnv(o: EnvInput, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: o.botToken ?? BOT_TOKEN,
    ...(o.mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: o.signingSecret ?? SIGNING_SECRET }),
    SLACK_API_URL: o.slack.apiUrl,
    PORT: String(o.port ?? 0),
  };
  if (o.credgenics) {
    Object.assign(env, { CREDGENICS_BASE_URL: o.credgenics.url, CREDGENICS_AUTH_TOKEN: CG_TOKEN, CREDGENICS_ROLE: CG_ROLE });
    if (o.credgenicsTimeoutMs !== undefined) env['CREDGENICS_TIMEOUT_MS'] = String(o.credgenicsTimeoutMs);
  } else {
    env['LOANBOT_LENDERS'] = 'sandbox';
  }
  if (o.apollo) {
    Object.assign(env, {
      APOLLO_TOKEN_URL: o.apollo.tokenUrl,
      APOLLO_CLIENT_ID: APOLLO.clientId,
      APOLLO_CLIENT_SECRET: APOLLO.clientSecret,
      APOLLO_API_KEY: APOLLO.apiKey,
      APOLLO_PARTNER_TAG: APOLLO.partnerTag,
      APOLLO_UPDATE_URL: o.apollo.updateUrl,
    });
  }
  if (o.dataDir !== undefined) env['LOANBOT_DATA_DIR'] = o.dataDir;
  if (o.databaseUrl !== undefined) env['DATABASE_URL'] = o.databaseUrl;
  if (o.alertsChannel !== undefined) env['LOANBOT_ALERTS_CHANNEL'] = o.alertsChannel;
  if (o.logLevel !== undefined) env['LOG_LEVEL'] = o.logLevel;
  return { ...env, ...extra };
}
