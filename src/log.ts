/**
 * The one pino logger: JSON lines, with tokens, secrets and borrowers' PII redacted wherever they appear
 * in a logged object or its message (src/log-redaction.ts), and a small adapter to Bolt's Logger interface.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { LogLevel as BoltLogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { maskLogMessage, redactLogObject, scrubSecrets } from './log-redaction.ts';


export type Logger = PinoLogger;

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
      // Redaction is one walk of each logged object (log-redaction.ts), not pino's `redact` paths: with
      // every sensitive key at five depths those cost ~0.4 ms a line, most of a lookup's CPU at info level.
      formatters: { log: redactLogObject },
      // Errors are serialized by that walk, before pino's serializers run: they pass through as they are.
      serializers: { err: (serialized: unknown) => serialized },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: scrubSecrets, logMethod: maskLogMessage },
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
