export { BoundedReplayMemory, type ReplayMemory, type BoundedReplayMemoryOptions } from './replay-memory.ts';
export { guardSlackRequests, type GuardOptions } from './slack-request-guard.ts';
export { HTTP_LIMITS, limitServer, serverOptions, type HttpLimits } from './server-limits.ts';
