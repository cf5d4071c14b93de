/**
 * Process entry for `npm start`: read the environment (and ./.env, the environment wins), start
 * loanbot, and on SIGTERM/SIGINT stop taking requests, finish in-flight work (up to 10 s), flush logs, exit 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { startLoanbot } from './app.ts';
import { describeConfigProblems, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { installLastResortHandlers } from './last-resort.ts';

function environment(): Record<string, string | undefined> {
  const file = '.env';
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

async function main(): Promise<void> {
  const result = loadConfig(environment());
  if (!result.ok) {
    process.stderr.write(`${describeConfigProblems(result.problems)}\n`);
    process.exitCode = 1;
    return;
  }
  const { config } = result;
  const logger = createLogger({ level: config.logLevel });
  installLastResortHandlers(logger);
  const running = await startLoanbot(config, { logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.stop(10_000);
    logger.info('stopped');
    logger.flush();
    // Give pino's async destination a moment to drain, then leave.
    setTimeout(() => process.exit(0), 50).unref();
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`loanbot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
