import { after } from 'node:test';
import { Agent } from 'undici';
import { DEMO_ACCOUNT, type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { MaxComputeClient, type MaxComputeClientOptions } from '../../src/maxcompute/client.ts';
import { rapidRetryPolicy } from '../../src/shared/retry-policy.ts';

export const TEST_PROJECT = 'test_proj';

export interface EmulatorHarness {
  readonly emulator: RunningEmulator;
  /** A client on the emulator with the demo account, fast retries and a short keep-alive. */
  client(options?: Partial<MaxComputeClientOptions>): MaxComputeClient;
}

/**
 * One emulator per test file on 127.0.0.1:0, closed with its client connections when the file's
 * tests are done. Short keep-alive so closing never waits on idle sockets (undici's test advice).
 */
export async function useEmulator(options: EmulatorOptions = {}): Promise<EmulatorHarness> {
  const emulator = await startEmulator({ projects: [TEST_PROJECT], defaultDurationMs: 300, ...options });
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
  after(async () => {
    await dispatcher.close();
    await emulator.close();
  });
  return {
    emulator,
    client: (overrides = {}) =>
      new MaxComputeClient({
        endpoint: emulator.endpoint,
        project: TEST_PROJECT,
        credentials: DEMO_ACCOUNT,
        dispatcher,
        retryPolicy: rapidRetryPolicy,
        requestTimeoutMs: 5000,
        ...overrides,
      }),
  };
}

/** Fast waits for instances that run for a few hundred milliseconds. */
export const quickly = { intervalMs: 50, maxIntervalMs: 200 } as const;
