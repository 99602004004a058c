import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Receiver } from '@slack/bolt';
import type { SlackConfig } from '../config/slack-config.ts';
import { InProcessPublisher } from '../events/in-process-publisher.ts';
import type { Logger } from '../observability/logger.ts';
import { systemClock } from '../shared/clock.ts';
import { SlackPoster } from '../slack/slack-poster.ts';
import { SlackTrackerNotifier } from '../slack/tracker-notifier.ts';
import { DynamoDbInstanceStore } from '../store/dynamodb-instance-store.ts';
import { createInstanceTable } from '../store/dynamodb-table.ts';
import { localDynamoDbClient, startDynalite } from '../store/embedded-dynalite.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';
import { Poller, type PollerOptions } from '../tracker/poller.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import { buildFrontDoor, type FrontDoor } from './front-door.ts';
import { pollerSlackClient } from './slack-clients.ts';

/**
 * What every local runtime wires the same way once its parts are chosen: the front door (as on
 * AWS), an in-process bus in place of EventBridge feeding the worker, and the poller.
 */
export interface LocalWiring {
  readonly publisher: InProcessPublisher;
  readonly frontDoor: FrontDoor;
  readonly poller: Poller;
}

export interface LocalWiringParts {
  readonly config: SlackConfig;
  readonly gateway: MaxComputeGateway;
  readonly store: InstanceStore;
  readonly receiver: Receiver;
  readonly logger: Logger;
  readonly poller?: Partial<PollerOptions>;
}

export function wireLocal(parts: LocalWiringParts): LocalWiring {
  const { logger, store } = parts;
  const publisher = new InProcessPublisher(logger);
  const frontDoor = buildFrontDoor({
    config: parts.config,
    gateway: parts.gateway,
    store,
    publisher,
    logger,
    receiver: parts.receiver,
  });
  publisher.connect((job) => frontDoor.worker.handle(job));
  const poller = new Poller(
    {
      store,
      gateway: parts.gateway,
      // The poller's own client, as on AWS (not the front door's): no retries inside it, a 10 s timeout.
      notifier: new SlackTrackerNotifier(new SlackPoster(pollerSlackClient(parts.config)), Date.now),
      events: publisher,
      logger,
      now: Date.now,
      sleep: systemClock.sleep,
    },
    parts.poller,
  );
  return { publisher, frontDoor, poller };
}

/**
 * The poller as EventBridge runs it on AWS, back to back: each round is one "invocation" of a
 * minute. A round that throws is logged and the next one starts after a pause; the loop ends when
 * the signal aborts, and the returned promise settles once the round in flight has stopped.
 */
export async function runPollerLoop(poller: Poller, logger: Logger, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await poller.runUntil(Date.now() + 60_000, 0, signal);
    } catch (error) {
      logger.error('poller round failed', { error: error instanceof Error ? error.message : String(error) });
      await systemClock.sleep(1000, signal).catch(() => undefined);
    }
  }
}

export const LOCAL_TABLE = 'odps_chatops_local';

/** The embedded default: the DynamoDB adapter on an in-process dynalite, table created. */
export async function startEmbeddedStore(): Promise<{ store: InstanceStore; close(): Promise<void> }> {
  const server = await startDynalite();
  const client = localDynamoDbClient(server.endpoint, 3);
  await createInstanceTable(client, LOCAL_TABLE);
  const store = new DynamoDbInstanceStore({ client: DynamoDBDocumentClient.from(client), tableName: LOCAL_TABLE });
  return {
    store,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
