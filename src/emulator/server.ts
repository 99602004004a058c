import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialAuthority } from './access/credential-authority.ts';
import { RoleDirectory } from './access/roles.ts';
import type { EmulatorContext } from './context.ts';
import { FaultInjector } from './faults.ts';
import { defaultInstanceId, RequestIds } from './ids.ts';
import { createInstanceRunner } from './job/run-instance.ts';
import { LogviewTokens } from './logview/token.ts';
import { Lifecycle } from './model/lifecycle.ts';
import { InstanceRegistry } from './model/registry.ts';
import { type EmulatorOptions, type RunningEmulator, resolveOptions } from './options.ts';
import { handleRequest } from './request-handler.ts';
import { SqlEngine } from './sql/engine.ts';
import { RequestStats } from './stats.ts';
import { type RunningSts, startStsServer } from './sts/sts-server.ts';
import { TUNNEL_PREFIX } from './tunnel/routes.ts';
import { DownloadSessions } from './tunnel/sessions.ts';

/**
 * Starts an emulator: DuckDB seeded per project, an HTTP server on host:port (port 0 = any free one),
 * and beside it the STS stand-in on host:stsPort. STS is started even with no roles configured, so a
 * client pointed at it always meets STS's own refusals (EntityNotExist.Role), never a closed port.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const roles = new RoleDirectory(resolved.roles, resolved.projects);
  const credentials = new CredentialAuthority();
  const engine = await SqlEngine.create(resolved.projects, {
    maxResults: resolved.maxStoredResults,
    maxRows: resolved.maxStoredResultRows,
  });
  const registry = new InstanceRegistry(resolved.projects);
  const projectOwner = resolved.accounts[0]?.owner ?? '';
  const lifecycle = new Lifecycle(
    registry,
    createInstanceRunner({ engine, projectOwner, startedAt: resolved.clock() }),
  );
  const faults = new FaultInjector(resolved.faults, resolved.random);
  const stats = new RequestStats();
  const closing = new AbortController();
  const server = createServer({ keepAliveTimeout: 5000 });
  const sleep = (ms: number) => abortableSleep(ms, closing.signal);
  const { port, sts } = await listenWithSts(
    server,
    engine,
    () =>
      startStsServer({
        host: resolved.host,
        port: resolved.stsPort,
        accounts: resolved.accounts,
        roles,
        authority: credentials,
        faults: resolved.stsFaults,
        clock: resolved.clock,
        random: resolved.random,
        sleep,
      }),
    resolved.host,
    resolved.port,
  );
  const context = emulatorContext(resolved, port, { registry, lifecycle, engine, credentials, sleep });
  const { origin } = context;
  const env = { context, faults, stats, requestIds: new RequestIds() };
  server.on('request', (request, response) => {
    void handleRequest(env, request, response);
  });
  return running({ origin, endpoint: context.endpoint, faults, stats, server, engine, closing, sts });
}

/** What every route reads: the options, the models, the URLs this server answers on, the clock. */
function emulatorContext(
  resolved: ReturnType<typeof resolveOptions>,
  port: number,
  parts: Pick<EmulatorContext, 'registry' | 'lifecycle' | 'engine' | 'credentials' | 'sleep'>,
): EmulatorContext {
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const origin = `http://${hostForUrl}:${port}`;
  return {
    options: resolved,
    ...parts,
    tokens: new LogviewTokens(),
    downloads: new DownloadSessions(),
    origin,
    endpoint: `${origin}${resolved.prefix}`,
    tunnelEndpoint: `${origin}${TUNNEL_PREFIX}`,
    hostId: `${hostForUrl}:${port}`,
    newInstanceId: (nowMs) => resolved.newInstanceId?.(nowMs) ?? defaultInstanceId(nowMs, resolved.random),
    now: resolved.clock,
  };
}

/** The MaxCompute server listening, then the STS stand-in; a failure of either closes what started. */
async function listenWithSts(
  server: Server,
  engine: SqlEngine,
  startSts: () => Promise<RunningSts>,
  host: string,
  wanted: number,
): Promise<{ port: number; sts: RunningSts }> {
  try {
    const port = await listen(server, host, wanted);
    return { port, sts: await startSts() };
  } catch (error) {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    await engine.close();
    throw error;
  }
}

/** The handle a caller gets: its URLs, faults and counters at run time, and an idempotent close. */
function running(parts: {
  origin: string;
  endpoint: string;
  faults: FaultInjector;
  stats: RequestStats;
  server: Server;
  engine: SqlEngine;
  closing: AbortController;
  sts: RunningSts;
}): RunningEmulator {
  const { origin, faults, stats, server, engine, closing, sts } = parts;
  let closed: Promise<void> | undefined;
  return {
    url: origin,
    endpoint: parts.endpoint,
    faults: {
      get: () => faults.get(),
      set: (patch) => faults.set(patch),
      reset: () => faults.reset(),
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    stsEndpoint: sts.endpoint,
    sts: sts.sts,
    close: () => {
      closed ??= (async () => {
        closing.abort();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([serverClosed, sts.close()]);
        await engine.close();
      })();
      return closed;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
