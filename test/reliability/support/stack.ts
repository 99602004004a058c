import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { HTTPReceiver } from '@slack/bolt';
import { loadConfig } from '../../../src/config/config.ts';
import type { FaultConfig } from '../../../src/emulator/index.ts';
import { TERMINATED_DETAIL_TYPE } from '../../../src/events/eventbridge-publisher.ts';
import type { Logger } from '../../../src/observability/logger.ts';
import { buildFrontDoor, type FrontDoor } from '../../../src/runtime/front-door.ts';
import { emulatorEnv, slackStandinEnv } from '../../../src/runtime/local-adapters.ts';
import { connectInProcessWorker, runPollerLoop } from '../../../src/runtime/local-parts.ts';
import { buildParts, type Parts } from '../../../src/runtime/parts.ts';
import { pollerParts } from '../../../src/runtime/poller-parts.ts';
import { boltLogger } from '../../../src/slack/bolt-logger.ts';
import type { WorkerJob } from '../../../src/slack/handoff.ts';
import { type SlackStandin, startSlackStandin } from '../../../src/slack-standin/index.ts';
import { fromInstanceItem } from '../../../src/store/dynamodb-item-layout.ts';
import { createInstanceTable } from '../../../src/store/dynamodb-table.ts';
import { localDynamoDbClient } from '../../../src/store/embedded-dynalite.ts';
import { oneReader } from '../../../src/tracker/instance-readers.ts';
import type { MaxComputeGateway } from '../../../src/tracker/maxcompute-gateway.ts';
import type { InstanceTerminatedEvent, TrackerNotifier } from '../../../src/tracker/notifier.ts';
import { Poller, type PollerOptions, type TickReport } from '../../../src/tracker/poller.ts';
import type { InstanceStore } from '../../../src/tracker/ports.ts';
import type { TrackedInstance } from '../../../src/tracker/tracked-instance.ts';
import { type EmulatorProcess, startEmulatorProcess } from '../../support/emulator-process.ts';
import { startEventBridgeStandin } from '../../support/eventbridge-standin.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { queryInstanceLister } from './query-instances.ts';
import { type RecordingLogger, recordingLogger } from './recording-logger.ts';

/**
 * The local stack for the reliability suite, composed from the product's own parts the way
 * src/runtime/local-app.ts (`npm start`) composes them: the Slack app in Bolt's HTTP mode on
 * 127.0.0.1 (POST /slack/events, signatures verified), the worker behind an in-process queue (or
 * behind EventBridge's PutEvents stand-in), the DynamoDB adapter on dynalite, the MaxCompute client
 * with its production retry policy and timeout on the emulator, and poller loops as overlapping
 * scheduled invocations. Unlike local-app.ts it lets a test put a fault between any two parts.
 */

export const PROJECT = 'rel_proj';
export const SIGNING_SECRET = 'reliability-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-reliability';
const TABLE = 'odps_chatops_reliability';

/** Production's lease is 30 s and its tick 5 s; scaled down so take-overs happen within a test. */
export const DEFAULT_TIMINGS: Partial<PollerOptions> = {
  tickIntervalMs: 1000,
  leaseMs: 4000,
  concurrency: 8,
  // Scaled down with the rest (production 2 min): how long a notice waits for a card still on its way.
  cardGraceMs: 30_000,
};

export interface StackOptions {
  readonly seed?: number;
  /** Emulator faults in place from the start (they can be changed later through `emulator.faults`). */
  readonly emulatorFaults?: Partial<FaultConfig>;
  /** Wraps the store every part uses: front door, worker and pollers. */
  readonly wrapStore?: (store: InstanceStore) => InstanceStore;
  /** 0..1: DynamoDB requests answered 400 ProvisionedThroughputExceededException (the stand-in's proxy). */
  readonly dynamoThrottleRate?: number;
  /** Hand-offs and Instance Terminated events through EventBridgePublisher and a PutEvents stand-in. */
  readonly eventBridge?: { readonly failRate: number };
  /** Poller loops running at once, as overlapping scheduled invocations (default 2). */
  readonly pollers?: number;
  readonly poller?: Partial<PollerOptions>;
  readonly env?: Readonly<Record<string, string>>;
}

export interface TickRecord extends TickReport {
  readonly poller: string;
  readonly at: number;
  readonly ms: number;
}

export interface PollerLoop {
  readonly name: string;
  /** Stops after the tick in flight. */
  stop(): Promise<void>;
}

export interface ReliabilityStack {
  readonly emulator: EmulatorProcess;
  readonly standin: SlackStandin;
  readonly store: InstanceStore;
  readonly frontDoor: FrontDoor;
  readonly gateway: MaxComputeGateway;
  readonly eventsUrl: string;
  readonly log: RecordingLogger;
  /**
   * Every query instance in the project (not the runs' cost estimates), with its creation time (epoch
   * ms, from its id), through the API's listing.
   */
  instances(): Promise<Map<string, number>>;
  readonly terminated: () => InstanceTerminatedEvent[];
  readonly counters: () => Promise<Record<string, number>>;
  /** The DynamoDB stand-in's process: throttling can be turned on and off. */
  readonly dynamo: { setThrottle(rate: number): void; setLoseRate(rate: number): void };
  /** The PutEvents stand-in's failure rate (with `eventBridge` only). */
  setEventBridgeFailRate(rate: number): void;
  /** Starts one more poller loop; parts may be swapped (a dying poller, a faulty store). */
  startPoller(
    name: string,
    parts?: {
      notifier?: (real: TrackerNotifier) => TrackerNotifier;
      store?: InstanceStore;
      /** Once it answers true, the poller is gone: every call it makes from then on never returns. */
      killed?: () => boolean;
      options?: Partial<PollerOptions>;
    },
  ): PollerLoop;
  readonly pollers: PollerLoop[];
  /** Every tick of every poller loop, as it ended. */
  readonly ticks: TickRecord[];
  /** Waits until the worker has nothing in flight. */
  drainWorker(): Promise<void>;
  /** Every tracked instance in the table (a Scan), done or not. */
  trackedInstances(): Promise<TrackedInstance[]>;
  close(): Promise<void>;
}

export async function startReliabilityStack(options: StackOptions = {}): Promise<ReliabilityStack> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  const random = seededRandom(options.seed ?? 20_260_611);
  const startedAt = Date.now();
  const log = recordingLogger();
  const logger: Logger = log.logger;
  const counters: Record<string, number> = {};
  const count = (name: string, by = 1) => {
    counters[name] = (counters[name] ?? 0) + by;
  };
  try {
    // MaxCompute is a service of its own: the emulator (DuckDB included) runs in a child process.
    const emulator = await startEmulatorProcess([
      '--project',
      PROJECT,
      '--duration-ms',
      '1000',
      '--max-list-items',
      '1000',
    ]);
    if (options.emulatorFaults) await emulator.setFaults(options.emulatorFaults);
    closers.push(() => emulator.close());
    const standin = await startSlackStandin({ botToken: BOT_TOKEN, random: seededRandom((options.seed ?? 1) * 13) });
    closers.push(() => standin.close());

    // DynamoDB is a service of its own on AWS: dynalite runs in a child process, so its CPU is not
    // the stack's. The SDK's own retries (3 attempts, backoff) are the first line against throttling.
    const dynalite = await startDynaliteProcess(0, options.seed ?? 1);
    closers.push(() => dynalite.close());
    const dynamo = localDynamoDbClient(dynalite.endpoint, 3);
    closers.push(async () => dynamo.destroy());
    const tableClient = localDynamoDbClient(dynalite.endpoint, 10);
    closers.push(async () => tableClient.destroy());
    await createInstanceTable(tableClient, TABLE);
    if (options.dynamoThrottleRate !== undefined) dynalite.setThrottle(options.dynamoThrottleRate);

    // EventBridge's PutEvents stand-in, when asked for, is there before the parts that publish to it.
    const bridge = options.eventBridge === undefined ? undefined : await eventBridge(options, random, logger, count);
    if (bridge) closers.push(() => bridge.close());
    // The one configuration and the one builder, as npm start and AWS use them; only the adapters
    // (dynalite in a child process, the stand-ins, a recording logger, a store wrapper) are the suite's.
    const config = loadConfig(
      {
        ...slackStandinEnv(standin, { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN }),
        ...emulatorEnv(emulator, PROJECT),
        ODPS_TABLE_NAME: TABLE,
        ODPS_EVENT_BUS_NAME: 'odps-chatops-reliability',
        // Every run is estimated first, as on AWS by default; the traffic's failing SQL, which
        // MaxCompute cannot estimate, runs (and fails) instead of waiting for a confirmation nobody
        // here gives. Held queries have their own tests (test/slack/cost/held-runs.test.ts).
        ODPS_COST_ON_ESTIMATE_FAILURE: 'allow',
        ...options.env,
      },
      'local',
    );
    const built = buildParts(config, {
      dynamoDb: dynamo,
      logger,
      ...(options.wrapStore ? { wrapStore: options.wrapStore } : {}),
      ...(bridge ? { eventBridge: bridge.client } : {}),
    });
    closers.push(() => built.close());
    const { store, gateway, client } = built;
    const receiver = new HTTPReceiver({
      signingSecret: SIGNING_SECRET,
      endpoints: '/slack/events',
      processBeforeResponse: true,
      logger: boltLogger(logger),
    });
    const frontDoor = buildFrontDoor(built, receiver);
    const bus = bridge ? bridge.bus(frontDoor) : inProcessBus(built, frontDoor);
    closers.push(() => bus.drain());

    const server = (await frontDoor.app.start({ port: 0, host: '127.0.0.1' })) as Server;
    closers.push(() => frontDoor.app.stop() as Promise<void>);
    const eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    const pollerOptions = { ...DEFAULT_TIMINGS, ...options.poller };
    const pollers: PollerLoop[] = [];
    const ticks: TickRecord[] = [];
    const startPoller: ReliabilityStack['startPoller'] = (name, parts = {}) => {
      // The poller's parts as production builds them (its own Slack client: no retries inside it, a
      // 10 s timeout), each of them mortal.
      const real = pollerParts(built).deps;
      const killed = parts.killed;
      const mortalGateway = mortal(gateway, killed);
      const poller = new Poller(
        {
          ...real,
          store: mortal(parts.store ?? store, killed),
          gateway: mortalGateway,
          // The stack runs in bot mode, whose readers are the one gateway (parts.ts): mortal with it.
          readers: oneReader(mortalGateway),
          notifier: mortal(parts.notifier ? parts.notifier(real.notifier) : real.notifier, killed),
          events: mortal(real.events, killed),
        },
        { ...pollerOptions, ...parts.options },
      );
      const tick = poller.tick.bind(poller);
      poller.tick = async (signal?: AbortSignal) => {
        const started = performance.now();
        const report = await tick(signal);
        ticks.push({ poller: name, at: Date.now(), ms: performance.now() - started, ...report });
        return report;
      };
      const controller = new AbortController();
      const loop = runPollerLoop(poller, logger, controller.signal);
      const handle: PollerLoop = {
        name,
        stop: async () => {
          controller.abort();
          await loop;
        },
      };
      pollers.push(handle);
      return handle;
    };
    for (let n = 0; n < (options.pollers ?? 2); n++) startPoller(`poller-${n + 1}`);
    closers.push(async () => {
      // A poller that "died" never settles; stopping does not wait for more than a tick's worth.
      await Promise.race([
        Promise.all(pollers.map((each) => each.stop())),
        new Promise((resolve) => setTimeout(resolve, 15_000)),
      ]);
    });

    const scanClient = DynamoDBDocumentClient.from(tableClient);
    return {
      emulator,
      standin,
      store,
      frontDoor,
      gateway,
      eventsUrl,
      log,
      instances: queryInstanceLister(client, new Date(startedAt - 60_000)),
      terminated: () => bus.terminated(),
      counters: async () => {
        const dynamo = await dynalite.stats();
        return {
          ...counters,
          ...bus.counters(),
          'dynamodb.requests': dynamo.requests,
          'dynamodb.throttled': dynamo.throttled,
        };
      },
      dynamo: dynalite,
      setEventBridgeFailRate: (rate) => bus.setFailRate(rate),
      startPoller,
      pollers,
      ticks,
      drainWorker: () => bus.drain(),
      trackedInstances: async () => {
        const found: TrackedInstance[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await scanClient.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
          for (const item of page.Items ?? []) {
            if (typeof item.pk === 'string' && item.pk.startsWith('instance#')) found.push(fromInstanceItem(item));
          }
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
        return found;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The bus between the front door and the worker, as the suite observes and disturbs it. */
interface WorkerBus {
  terminated(): InstanceTerminatedEvent[];
  counters(): Record<string, number>;
  setFailRate(rate: number): void;
  drain(): Promise<void>;
}

function inProcessBus(parts: Parts, frontDoor: FrontDoor): WorkerBus {
  const inProcess = connectInProcessWorker(parts, frontDoor);
  return {
    terminated: () => [...inProcess.terminated],
    counters: () => ({}),
    setFailRate: () => {
      throw new Error('no EventBridge in this stack');
    },
    drain: () => inProcess.drain(),
  };
}

/** Lambda's asynchronous invocation retries a failed event twice, about a minute apart (here 1 s). */
const ASYNC_RETRIES = 2;

/**
 * EventBridge: the PutEvents stand-in fails a rate of entries; accepted worker jobs run as the
 * rule's Lambda target would (asynchronous, retried twice on failure); Instance Terminated events
 * are kept. The parts publish to it through the product's EventBridgePublisher (built by buildParts
 * from this client).
 */
async function eventBridge(
  options: StackOptions,
  random: () => number,
  logger: Logger,
  count: (name: string, by?: number) => void,
): Promise<{ client: EventBridgeClient; bus(frontDoor: FrontDoor): WorkerBus; close(): Promise<void> }> {
  let handler: ((job: WorkerJob) => Promise<void>) | undefined;
  const pending = new Set<Promise<void>>();
  const terminated: InstanceTerminatedEvent[] = [];
  const invoke = (job: WorkerJob, attempt: number): void => {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => handler?.(job))
      .catch(async (error: unknown) => {
        count('worker.failedInvocations');
        logger.warn('worker invocation failed', {
          attempt,
          error: error instanceof Error ? error.message : String(error),
        });
        if (attempt <= ASYNC_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          invoke(job, attempt + 1);
        }
      })
      .finally(() => pending.delete(run));
    pending.add(run);
  };
  const standin = await startEventBridgeStandin({
    failRate: options.eventBridge?.failRate ?? 0,
    random,
    onAccepted: (entry) => {
      if (entry.DetailType === TERMINATED_DETAIL_TYPE) terminated.push(JSON.parse(entry.Detail));
      else invoke(JSON.parse(entry.Detail) as WorkerJob, 1);
    },
  });
  const client = new EventBridgeClient({
    endpoint: standin.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const drain = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
  return {
    client,
    bus: (frontDoor) => {
      handler = (job) => frontDoor.worker.handle(job);
      return {
        terminated: () => [...terminated],
        counters: () => ({
          'eventbridge.failedEntries': standin.failedEntries(),
          'eventbridge.calls': standin.calls(),
        }),
        setFailRate: (rate) => standin.setFailRate(rate),
        drain,
      };
    },
    close: async () => {
      await drain();
      client.destroy();
      await standin.close();
    },
  };
}

/**
 * A part of a poller that can be killed: once `killed()` is true, every call hangs for good, as a
 * process killed by Lambda's timeout or a crash does nothing more (no release, no record).
 */
function mortal<T extends object>(part: T, killed: (() => boolean) | undefined): T {
  if (killed === undefined) return part;
  const never = new Promise<never>(() => {});
  return new Proxy(part, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (killed()) return property === 'listActive' ? neverIterable() : never;
        const result = Reflect.apply(value, target, args);
        return result;
      };
    },
  });
}

async function* neverIterable(): AsyncGenerator<never> {
  await new Promise<never>(() => {});
}

/** An emulated instance id starts with its creation time: yyyyMMddHHmmssSSS (UTC). */
export function createdAtOf(instanceId: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d{3})/.exec(instanceId);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, se, ms] = m.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, se, ms);
}

/** dynalite in a child process (support/dynalite-process.ts), throttling a rate of requests on demand. */
export async function startDynaliteProcess(
  throttleRate: number,
  seed: number,
): Promise<{
  endpoint: string;
  setThrottle(rate: number): void;
  setLoseRate(rate: number): void;
  stats(): Promise<{ requests: number; throttled: number; lost: number }>;
  close(): Promise<void>;
}> {
  const child = spawn(
    process.execPath,
    [new URL('./dynalite-process.ts', import.meta.url).pathname, String(throttleRate), String(seed)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const { endpoint } = JSON.parse(await nextLine()) as { endpoint: string };
  const exited = once(child, 'exit');
  return {
    endpoint,
    setThrottle: (rate) => child.stdin.write(`throttle ${rate}\n`),
    setLoseRate: (rate) => child.stdin.write(`lose ${rate}\n`),
    stats: async () => {
      const line = nextLine();
      child.stdin.write('stats\n');
      return JSON.parse(await line) as { requests: number; throttled: number; lost: number };
    },
    close: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      child.kill();
    },
  };
}
