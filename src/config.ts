/**
 * The environment as one zod schema. Every variable of the contract is read here and nowhere else.
 * `loadConfig` never throws: it returns every problem at once so `npm start` can name them all.
 */
import { z } from 'zod';
import { DEFAULT_LEASE_MS, DEFAULT_RETRY_BACKOFF_MS, DEFAULT_SETTLE_MS } from './domain/write-policy.ts';

export type LenderMode = 'live' | 'sandbox';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface CredgenicsConfig {
  baseUrl: string;
  authToken: string;
  role: string;
  timeoutMs: number;
}

export interface ApolloConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  partnerTag: string;
  updateUrl: string;
  updateMethod: 'PATCH' | 'POST' | 'PUT';
  timeoutMs: number;
}

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  };
  port: number;
  lenders: LenderMode;
  /** null only in sandbox mode, where the composition root starts the sandbox and fills it in. */
  credgenics: CredgenicsConfig | null;
  /** null when the Apollo variables are left out together (or in sandbox mode, filled in later). */
  apollo: ApolloConfig | null;
  alertsChannel: string | undefined;
  dataDir: string;
  /** postgres://…: the store lives in Postgres (several instances); undefined: SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** How long after an attempt that may have reached the lender before a payment is reconciled. */
  settleMs: number;
  /** How long a claimed write stays with an instance that stops renewing it (it died). */
  leaseMs: number;
  /** Waits before the 2nd, 3rd, … automatic try of a failed write (the last one repeats). */
  retryBackoffMs: readonly number[];
  /** The most Credgenics writes bulk uploads send in any one second, for the whole deployment. */
  credgenicsWritesPerSecond: number;
  roles: {
    viewers: string[] | undefined;
    agents: string[] | undefined;
    supervisors: string[] | undefined;
  };
  channels: string[] | undefined;
  timeZone: string;
  logLevel: LogLevel;
}

export const DEFAULT_CREDGENICS_BASE_URL = 'https://api.credgenics.com';
const DEFAULT_TIMEOUT_MS = 10_000;

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const url = (name: string) =>
  z.string().trim().url({ message: `${name} must be a URL such as https://example.com/` });

const idList = z
  .string()
  .optional()
  .transform((value) => {
    const ids = (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    return ids.length > 0 ? ids : undefined;
  })
  .pipe(
    z
      .array(z.string().regex(/^[UWSC][A-Z0-9]{2,}$/, 'must be Slack ids like U01ABC, S01ABC or C01ABC'))
      .optional(),
  );

const timeoutMs = z.coerce.number().int().min(100).max(120_000).default(DEFAULT_TIMEOUT_MS);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-IN', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const baseSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ message: 'SLACK_BOT_TOKEN is required (the bot token, xoxb-…)' })
    .trim()
    .min(1, 'SLACK_BOT_TOKEN is required (the bot token, xoxb-…)')
    .refine((token) => token.startsWith('xoxb-'), 'SLACK_BOT_TOKEN must start with xoxb-'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine(
    (token) => token === undefined || token.startsWith('xapp-'),
    'SLACK_APP_TOKEN must start with xapp-',
  ),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  SLACK_API_URL: optionalText.pipe(url('SLACK_API_URL').endsWith('/', 'SLACK_API_URL must end in /').optional()),
  LOANBOT_LENDERS: z.enum(['live', 'sandbox'], { message: 'LOANBOT_LENDERS must be live or sandbox' }).default('live'),
  CREDGENICS_BASE_URL: optionalText.pipe(url('CREDGENICS_BASE_URL').optional()),
  CREDGENICS_AUTH_TOKEN: optionalText,
  CREDGENICS_ROLE: optionalText,
  CREDGENICS_TIMEOUT_MS: timeoutMs,
  APOLLO_TOKEN_URL: optionalText.pipe(url('APOLLO_TOKEN_URL').optional()),
  APOLLO_CLIENT_ID: optionalText,
  APOLLO_CLIENT_SECRET: optionalText,
  APOLLO_API_KEY: optionalText,
  APOLLO_PARTNER_TAG: optionalText,
  APOLLO_UPDATE_URL: optionalText.pipe(url('APOLLO_UPDATE_URL').optional()),
  APOLLO_UPDATE_METHOD: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(['PATCH', 'POST', 'PUT'], { message: 'APOLLO_UPDATE_METHOD must be PATCH, POST or PUT' }))
    .default('PATCH'),
  APOLLO_TIMEOUT_MS: timeoutMs,
  LOANBOT_ALERTS_CHANNEL: optionalText.pipe(
    z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'LOANBOT_ALERTS_CHANNEL must be a channel id like C01ABC').optional(),
  ),
  LOANBOT_DATA_DIR: optionalText.transform((dir) => dir ?? './data'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// URL (leave it unset for SQLite in LOANBOT_DATA_DIR)')
      .optional(),
  ),
  LOANBOT_SETTLE_WINDOW_MS: z.coerce
    .number({ message: 'LOANBOT_SETTLE_WINDOW_MS must be a number of milliseconds' })
    .int('LOANBOT_SETTLE_WINDOW_MS must be a whole number of milliseconds')
    .min(0, 'LOANBOT_SETTLE_WINDOW_MS must be 0 or more')
    .max(3_600_000, 'LOANBOT_SETTLE_WINDOW_MS must be at most an hour (3600000)')
    .default(DEFAULT_SETTLE_MS),
  LOANBOT_LEASE_MS: z.coerce
    .number({ message: 'LOANBOT_LEASE_MS must be a number of milliseconds' })
    .int('LOANBOT_LEASE_MS must be a whole number of milliseconds')
    .min(300, 'LOANBOT_LEASE_MS must be at least 300')
    .max(600_000, 'LOANBOT_LEASE_MS must be at most 600000')
    .default(DEFAULT_LEASE_MS),
  LOANBOT_RETRY_BACKOFF_MS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,7}(,\d{1,7}){0,9}$/, 'LOANBOT_RETRY_BACKOFF_MS must be up to 10 comma-separated whole numbers of milliseconds, e.g. 20000,60000')
      .transform((list) => list.split(',').map(Number))
      .refine((waits) => waits.every((ms) => ms <= 3_600_000), 'LOANBOT_RETRY_BACKOFF_MS: each wait must be at most an hour (3600000)')
      .optional(),
  ),
  CREDGENICS_WRITES_PER_SECOND: z.coerce
    .number({ message: 'CREDGENICS_WRITES_PER_SECOND must be a number' })
    .positive('CREDGENICS_WRITES_PER_SECOND must be more than 0')
    .max(1_000, 'CREDGENICS_WRITES_PER_SECOND must be at most 1000')
    .default(5),
  LOANBOT_VIEWERS: idList,
  LOANBOT_AGENTS: idList,
  LOANBOT_SUPERVISORS: idList,
  LOANBOT_CHANNELS: idList,
  LOANBOT_TIMEZONE: optionalText
    .transform((zone) => zone ?? 'Asia/Kolkata')
    .refine(isTimeZone, 'LOANBOT_TIMEZONE must be an IANA time zone such as Asia/Kolkata'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

const APOLLO_REQUIRED = [
  'APOLLO_TOKEN_URL',
  'APOLLO_CLIENT_ID',
  'APOLLO_CLIENT_SECRET',
  'APOLLO_API_KEY',
  'APOLLO_PARTNER_TAG',
  'APOLLO_UPDATE_URL',
] as const;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parse the environment. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = baseSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`);
    }
  }
  // Cross-variable rules are checked on the raw values so that every problem is reported in one go.
  const raw = (name: string) => (env[name] ?? '').trim();
  const sandbox = raw('LOANBOT_LENDERS') === 'sandbox';
  if (!raw('SLACK_APP_TOKEN') && !raw('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!sandbox) {
    for (const name of ['CREDGENICS_AUTH_TOKEN', 'CREDGENICS_ROLE']) {
      if (!raw(name)) problems.push(`${name} is required (or set LOANBOT_LENDERS=sandbox)`);
    }
    const present = APOLLO_REQUIRED.filter((name) => raw(name));
    if (present.length > 0 && present.length < APOLLO_REQUIRED.length) {
      const missing = APOLLO_REQUIRED.filter((name) => !raw(name));
      problems.push(
        `Apollo is partly configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (set all Apollo variables, or none)`,
      );
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: [...new Set(problems)] };

  const e = parsed.data;
  const apolloSet = APOLLO_REQUIRED.every((name) => raw(name));
  const config: Config = {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    lenders: e.LOANBOT_LENDERS,
    credgenics: sandbox
      ? null
      : {
          baseUrl: e.CREDGENICS_BASE_URL ?? DEFAULT_CREDGENICS_BASE_URL,
          authToken: e.CREDGENICS_AUTH_TOKEN ?? '',
          role: e.CREDGENICS_ROLE ?? '',
          timeoutMs: e.CREDGENICS_TIMEOUT_MS,
        },
    apollo:
      sandbox || !apolloSet
        ? null
        : {
            tokenUrl: e.APOLLO_TOKEN_URL ?? '',
            clientId: e.APOLLO_CLIENT_ID ?? '',
            clientSecret: e.APOLLO_CLIENT_SECRET ?? '',
            apiKey: e.APOLLO_API_KEY ?? '',
            partnerTag: e.APOLLO_PARTNER_TAG ?? '',
            updateUrl: e.APOLLO_UPDATE_URL ?? '',
            updateMethod: e.APOLLO_UPDATE_METHOD,
            timeoutMs: e.APOLLO_TIMEOUT_MS,
          },
    alertsChannel: e.LOANBOT_ALERTS_CHANNEL,
    dataDir: e.LOANBOT_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    settleMs: e.LOANBOT_SETTLE_WINDOW_MS,
    leaseMs: e.LOANBOT_LEASE_MS,
    retryBackoffMs: e.LOANBOT_RETRY_BACKOFF_MS ?? DEFAULT_RETRY_BACKOFF_MS,
    credgenicsWritesPerSecond: e.CREDGENICS_WRITES_PER_SECOND,
    roles: { viewers: e.LOANBOT_VIEWERS, agents: e.LOANBOT_AGENTS, supervisors: e.LOANBOT_SUPERVISORS },
    channels: e.LOANBOT_CHANNELS,
    timeZone: e.LOANBOT_TIMEZONE,
    logLevel: e.LOG_LEVEL,
  };
  return { ok: true, config };
}

/** The one message `npm start` prints when the environment is not usable. */
export function describeConfigProblems(problems: string[]): string {
  return [
    `loanbot cannot start: ${problems.length} environment problem${problems.length === 1 ? '' : 's'}:`,
    ...problems.map((problem) => `  - ${problem}`),
    'See README.md ("Configuration") or .env.example. To try loanbot offline, run: npm run shell',
  ].join('\n');
}
