/**
 * Logging refused requests without letting a flood of them flood the logs: the first refusal for each
 * reason in a window is logged, the rest are counted and the count is logged with the next one after
 * the window.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log.ts';

export function sampledRefusalLog(logger: Logger, windowMs = 60_000, now: () => number = Date.now): (req: IncomingMessage, why: string) => void {
  const windows = new Map<string, { until: number; suppressed: number }>();
  return (req, why) => {
    const at = now();
    const window = windows.get(why);
    if (window && window.until > at) {
      window.suppressed += 1;
      return;
    }
    const suppressed = window?.suppressed ?? 0;
    windows.set(why, { until: at + windowMs, suppressed: 0 });
    logger.warn({ url: req.url, why, ...(suppressed ? { suppressedSinceLast: suppressed } : {}) }, 'refused a Slack request');
  };
}
