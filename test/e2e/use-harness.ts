/**
 * One harness per test file: started before the first test, closed after the last, the sandbox
 * reset and the Block Kit limits checked before each test. Returns a stand-in for the harness
 * that forwards to the running one, so tests write `h.slack…` as usual.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';

export function useHarness(options: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    current?.credgenics.reset();
    current?.slack.assertNoViolations();
  });
  return new Proxy({} as Harness, {
    get(_target, property) {
      if (!current) throw new Error('the harness is not started yet: use it inside a test');
      const value = Reflect.get(current, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}

/**
 * A harness with the sandbox Apollo: `apollo()` is it (reset before each test), and the Block Kit limits
 * are also checked after each test.
 */
export function useApolloHarness(options: HarnessOptions = {}): { h: Harness; apollo: () => ApolloSandbox } {
  const h = useHarness({ ...options, apollo: true });
  const apollo = (): ApolloSandbox => {
    if (!h.apollo) throw new Error('this harness has no Apollo');
    return h.apollo;
  };
  beforeEach(() => apollo().reset());
  afterEach(() => h.slack.assertNoViolations());
  return { h, apollo };
}
