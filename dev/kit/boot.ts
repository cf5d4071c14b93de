/**
 * loanbot in this process, through its composition root, configured from an environment (dev/kit/env.ts)
 * exactly as `npm start` would read it, with a logger of the caller's choosing: into memory (tests), a null
 * stream (the bench) or the shell's log buffer. `start` can be called again (a restart on the same data).
 */
import { Writable } from 'node:stream';
import { startLoanbot, type RunningLoanbot, type StartOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { WritePolicy } from '../../src/domain/write-policy.ts';
import { createLogger } from '../../src/log.ts';

/**
 * One try per run (a failure goes straight to a person), a short settle window (a timed-out payment can
 * be checked 300 ms after it was sent) and a quick poll, so tests wait milliseconds, not minutes.
 */
export const FAST_WRITES: Partial<WritePolicy> = { triesPerRun: 1, backoffMs: () => 10, settleMs: 300, pollMs: 50, leaseMs: 5_000 };

/** loadConfig, or every problem it found as one error. */
export function configFrom(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`loanbot's configuration was refused:\n  ${result.problems.join('\n  ')}`);
  return result.config;
}

/** A destination that keeps every log line in `lines`. */
export function memoryLog(lines: string[]): Writable {
  return new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
}

export interface BootOptions extends Omit<StartOptions, 'logger'> {
  /** Default: the config's LOG_LEVEL. */
  logLevel?: string;
  /** Where log lines go; default nowhere. */
  destination?: { write(line: string): unknown };
}

export interface Boot {
  config: Config;
  start(): Promise<RunningLoanbot>;
}

export function bootFromEnv(env: Record<string, string>, options: BootOptions = {}): Boot {
  const config = configFrom(env);
  const { logLevel, destination, ...start } = options;
  const logger = createLogger({ level: logLevel ?? config.logLevel, destination: destination ?? { write: () => undefined } });
  return { config, start: () => startLoanbot(config, { ...start, logger }) };
}
