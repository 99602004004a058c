import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type FaultConfig, NO_FAULTS } from '../../src/emulator/index.ts';

export interface EmulatorProcess {
  readonly child: ChildProcess;
  /** The MaxCompute REST endpoint (`…/api`). */
  readonly endpoint: string;
  setFaults(patch: Partial<FaultConfig>): Promise<void>;
  resetFaults(): Promise<void>;
  stats(): Promise<{ requests: number; byKind: Record<string, number> }>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The emulator's CLI (`npm run emulator`) in a child process on a free port, steered through its
 * admin routes: for the suites and benchmarks whose own process must not share an event loop with it.
 * `args` are the CLI's flags besides `--port`; what it prints after its endpoint is discarded.
 */
export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [new URL('../../src/emulator/main.ts', import.meta.url).pathname, '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  let endpoint = '';
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /endpoint:\s+(http:\/\/127\.0\.0\.1:\d+\/api)/.exec(line);
    if (match?.[1]) {
      endpoint = match[1];
      break;
    }
  }
  if (endpoint === '') throw new Error('the emulator exited before printing its endpoint');
  child.stdout.resume();
  const admin = `${new URL(endpoint).origin}/__emulator`;
  const call = async (path: string, init: RequestInit) => {
    const response = await fetch(`${admin}${path}`, init);
    if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status}`);
    return response;
  };
  const setFaults = async (patch: Partial<FaultConfig>) => {
    await (await call('/faults', { method: 'PUT', body: JSON.stringify(patch) })).arrayBuffer();
  };
  return {
    child,
    endpoint,
    setFaults,
    resetFaults: () => setFaults(NO_FAULTS),
    stats: async () =>
      (await (await call('/stats', { method: 'GET' })).json()) as { requests: number; byKind: Record<string, number> },
    resetStats: async () => {
      await (await call('/stats/reset', { method: 'POST' })).arrayBuffer();
    },
    close: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    },
  };
}
