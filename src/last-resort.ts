/**
 * The last line of defence: an exception or a rejected promise that nothing handled is logged and the
 * process keeps serving. No Slack request, however malformed, may end the process (the request guard
 * refuses the bodies known to crash Bolt; this catches what nobody foresaw).
 */
import type { Logger } from './log.ts';

interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export function installLastResortHandlers(logger: Logger, target: ProcessEvents = process): void {
  target.on('uncaughtException', (error) => {
    logger.error({ err: error }, 'uncaught exception; still serving');
  });
  target.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; still serving');
  });
}
