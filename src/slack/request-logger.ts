/**
 * A child logger per Slack request, carrying what identifies it (never its payload).
 */
import type { Logger } from '../log.ts';

export function requestLogger(logger: Logger, body: unknown, context: { retryNum?: number | undefined }): Logger {
  const b = (body ?? {}) as Record<string, unknown>;
  const user = (b['user'] as { id?: string } | undefined)?.id ?? (b['user_id'] as string | undefined);
  const channel = (b['channel'] as { id?: string } | undefined)?.id ?? (b['channel_id'] as string | undefined);
  const view = (b['view'] as { id?: string } | undefined)?.id;
  return logger.child({
    slack: {
      type: b['type'] ?? (b['command'] ? 'slash_command' : undefined),
      command: b['command'],
      triggerId: b['trigger_id'],
      user,
      channel,
      view,
      retryNum: context.retryNum,
    },
  });
}
