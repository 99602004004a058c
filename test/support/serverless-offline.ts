import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.ts';
import { groupAlive, stopGroup } from './process-group.ts';
import { spawnServerless } from './serverless-cli.ts';

export interface RunningOffline {
  /** Where API Gateway's routes are served: `${httpUrl}/slack/events`. */
  readonly httpUrl: string;
  /** The Lambda Invoke API, for LambdaClient's `endpoint`. */
  readonly lambdaEndpoint: string;
  /** Everything the process and its functions printed so far. */
  output(): string;
  /** Stops the process and its children (the esbuild service) and waits until none is left. */
  stop(): Promise<void>;
}

export interface OfflineOptions {
  readonly stage: string;
  /** The whole environment of the process; with --localEnvironment the functions see it too. */
  readonly env: Record<string, string>;
  /** serverless.yml params (`--param name=value`). */
  readonly params?: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

/**
 * `serverless offline start` in its own process group, on ports picked free at run time, on
 * 127.0.0.1 only. Resolves once it says it is ready: it bundles every function first, which takes
 * several seconds on a busy machine.
 */
export async function startServerlessOffline(options: OfflineOptions): Promise<RunningOffline> {
  const httpPort = await freePort();
  let lambdaPort = await freePort();
  while (lambdaPort === httpPort) lambdaPort = await freePort();
  const params = Object.entries(options.params ?? {}).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  const child = spawnServerless(
    [
      'offline',
      'start',
      '--stage',
      options.stage,
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
      '--localEnvironment',
      '--noSponsor',
      ...params,
    ],
    // The export links point here, as they point to the HTTP API on AWS (serverless.yml's publicUrl).
    { ODPS_PUBLIC_URL: `http://127.0.0.1:${httpPort}`, ...options.env },
    true,
  );
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('serverless offline did not start');
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const running: RunningOffline = {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
    output: () => output,
    stop: async () => {
      if (groupAlive(pgid)) await stopGroup(pgid);
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  while (!output.includes('Server ready:')) {
    if (exited || Date.now() > deadline) {
      await running.stop();
      throw new Error(`serverless offline did not become ready${exited ? ' (it exited)' : ''}:\n${output}`);
    }
    await sleep(100);
  }
  return running;
}
