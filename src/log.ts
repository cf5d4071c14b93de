/**
 * The one pino logger: JSON lines, with tokens, secrets and borrowers' PII redacted wherever they appear
 * in a logged object (up to four levels deep), and a small adapter to Bolt's Logger interface.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { LogLevel as BoltLogLevel, type Logger as BoltLogger } from '@slack/bolt';

export type Logger = PinoLogger;

/** Field names that hold a secret or a borrower's PII, in any Credgenics shape, Apollo body or HTTP header. */
export const SENSITIVE_KEYS = [
  // secrets and headers
  'authorization',
  'authenticationtoken',
  'x-api-key',
  'x-slack-signature',
  'cookie',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'client_secret',
  'access_token',
  'apiKey',
  'authToken',
  'password',
  // applicant PII (Credgenics, both shapes)
  'applicant_aadhar_number',
  'applicant_pan_number',
  'applicant_contact_number',
  'applicant_email',
  'applicant_dob',
  'applicant_address_text',
  'credit_account_number',
  'credit_account_holder_name',
  'credit_bank_ifsc_code',
  'document_bounce_bank_account_number',
  'co_applicant_contact_number',
  'co_applicant_email',
  'co_applicant_dob',
  'co_applicant_address_text',
  'contact_number',
  'loan_regional_manager_contact_number',
  'loan_regional_manager_contact_email',
  'sms_body',
  'sms_mobile',
  'to',
  'from',
  'email_body',
  // our own normalized names
  'aadhaarNumber',
  'panNumber',
  'contactNumber',
  'email',
  'dob',
  'accountNumber',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SENSITIVE_KEYS) {
    const prop = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `["${key}"]`;
    const join = (prefix: string) => (prop.startsWith('[') ? `${prefix}${prop}` : `${prefix}.${prop}`);
    paths.push(prop.startsWith('[') ? `${prop}` : prop);
    paths.push(join('*'));
    paths.push(join('*.*'));
    paths.push(join('*.*.*'));
    paths.push(join('*.*.*.*'));
  }
  return paths.map((path) => path.replace(/^\./, ''));
}

/**
 * Secrets that can turn up inside a string (an error message quoting a token): Slack tokens (`xoxb-`, `xoxp-`,
 * `xapp-`…) and Bearer/Basic credentials. Scrubbed from every serialized line, after the key-based redaction.
 */
const SECRET_IN_TEXT = /\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]+|\b(?:Bearer|Basic) [A-Za-z0-9._~+/=-]{8,}/g;

export function scrubSecrets(line: string): string {
  return line.replace(SECRET_IN_TEXT, '[redacted]');
}

export interface LoggerOptions {
  level: string;
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'loanbot', ...options.base },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: scrubSecrets },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

const toBoltLevel: Record<string, BoltLogLevel> = {
  trace: BoltLogLevel.DEBUG,
  debug: BoltLogLevel.DEBUG,
  info: BoltLogLevel.INFO,
  warn: BoltLogLevel.WARN,
  error: BoltLogLevel.ERROR,
  fatal: BoltLogLevel.ERROR,
  silent: BoltLogLevel.ERROR,
};

/** Bolt's messages are strings or errors; keep errors structured and never log request bodies. */
function boltArgs(msg: unknown[]): [Record<string, unknown>, string] {
  const error = msg.find((part): part is Error => part instanceof Error);
  const text = msg
    .filter((part) => !(part instanceof Error))
    .map((part) => (typeof part === 'string' ? part : safeJson(part)))
    .join(' ');
  return [error ? { err: error } : {}, text];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Bolt's `Logger` interface on top of a pino child logger. */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  return {
    debug: (...msg) => child.debug(...boltArgs(msg)),
    info: (...msg) => child.info(...boltArgs(msg)),
    warn: (...msg) => child.warn(...boltArgs(msg)),
    error: (...msg) => child.error(...boltArgs(msg)),
    setLevel: (level) => {
      child.level = level;
    },
    getLevel: () => toBoltLevel[child.level] ?? BoltLogLevel.INFO,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
