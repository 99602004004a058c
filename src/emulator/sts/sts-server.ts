import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CredentialAuthority } from '../access/credential-authority.ts';
import type { RoleDirectory } from '../access/roles.ts';
import type { EmulatorAccount, RunningEmulator, StsFaultConfig } from '../options.ts';
import { TIMESTAMP_WINDOW_MS } from './authenticate.ts';
import { NonceLedger } from './nonce-ledger.ts';
import { StsFaultInjector } from './sts-faults.ts';
import { handleStsRequest } from './sts-handler.ts';
import { StsRequestStats } from './sts-stats.ts';

export interface StsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly accounts: readonly EmulatorAccount[];
  readonly roles: RoleDirectory;
  readonly authority: CredentialAuthority;
  readonly faults: StsFaultConfig;
  readonly clock: () => number;
  readonly random: () => number;
  /** Real-time wait shared with the emulator, so closing either cuts a latency fault short. */
  readonly sleep: (ms: number) => Promise<boolean>;
}

export interface RunningSts extends Pick<RunningEmulator, 'sts'> {
  /** `http://host:PORT`: real STS answers at the root path of its host. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * The STS stand-in: its own HTTP server, as STS is its own host (sts.aliyuncs.com) beside
 * MaxCompute's. It issues credentials into the authority the MaxCompute emulator checks.
 */
export async function startStsServer(options: StsServerOptions): Promise<RunningSts> {
  const faults = new StsFaultInjector(options.faults, options.random);
  const stats = new StsRequestStats();
  const env = {
    accounts: options.accounts,
    roles: options.roles,
    authority: options.authority,
    nonces: new NonceLedger(TIMESTAMP_WINDOW_MS),
    faults,
    stats,
    now: options.clock,
    sleep: options.sleep,
  };
  const server = createServer({ keepAliveTimeout: 5000 });
  server.on('request', (request, response) => {
    void handleStsRequest(env, request, response);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    endpoint: `http://${host}:${port}`,
    sts: {
      faults: { get: () => faults.get(), set: (patch) => faults.set(patch), reset: () => faults.reset() },
      stats: () => stats.snapshot(),
      resetStats: () => stats.reset(),
    },
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}
