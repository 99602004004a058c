import { after } from 'node:test';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { EmulatorOptions } from '../../src/emulator/index.ts';
import type { Credentials } from '../../src/maxcompute/request-pipeline.ts';
import { jsonLogger } from '../../src/observability/json-logger.ts';
import { startLocalStack } from '../../src/runtime/local.ts';
import type { PollerOptions } from '../../src/tracker/poller.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';
import {
  type ApiGatewayEventOptions,
  apiGatewayEvent,
  blockActionsBody,
  buttonClickPayload,
  lambdaContext,
  slashCommandBody,
} from './slack-requests.ts';
import { instanceIdOf } from './tracker-harness.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-standin';
export const PROJECT = 'test_proj';

export interface SlackReply {
  readonly statusCode: number;
  readonly body: { response_type?: string; text?: string; blocks?: unknown[] } & Record<string, unknown>;
  readonly ms: number;
}

/**
 * The Slack front door as Lambda runs it (src/runtime/lambda-front-door.ts, the same builder as
 * src/runtime/aws.ts; signed API Gateway v2 events), on the local stack's real loopback parts. Log lines are kept so tests can look for audit records and for
 * leaked secrets.
 */
export async function useFrontDoor(
  options: {
    env?: Record<string, string>;
    emulator?: EmulatorOptions;
    poller?: Partial<PollerOptions>;
    /** Default: DynamoDB on an embedded dynalite. */
    store?: InstanceStore;
    /** An embedded S3-compatible server as the export bucket. */
    exportBucket?: boolean;
    /** `npm start`'s identities: roles, the STS stand-in, the simulator's people mapped (person-or-bot). */
    identities?: boolean;
    /** Default SIGNING_SECRET, BOT_TOKEN and the emulator's demo account. */
    secrets?: { signingSecret?: string; botToken?: string; credentials?: Credentials };
  } = {},
) {
  const logs: string[] = [];
  const signingSecret = options.secrets?.signingSecret ?? SIGNING_SECRET;
  // Every line at debug (the receiver's too: the whole API Gateway event), unmasked: the secrets scan
  // must find a secret the product logs, not the mask that would hide it.
  const logger = jsonLogger({ level: 'debug', write: (line) => logs.push(line) });
  const stack = await startLocalStack({
    project: PROJECT,
    env: options.env,
    emulator: { defaultDurationMs: 300, ...options.emulator },
    store: options.store,
    exportBucket: options.exportBucket,
    identities: options.identities,
    signingSecret,
    botToken: options.secrets?.botToken ?? BOT_TOKEN,
    credentials: options.secrets?.credentials,
    logger,
    poller: { tickIntervalMs: 50, leaseMs: 300, ...options.poller },
  });
  const handler = stack.slack;
  after(() => stack.close());

  /** Any API Gateway event, as it is: replays and hand-made requests. */
  async function send(event: APIGatewayProxyEventV2): Promise<SlackReply> {
    const started = performance.now();
    const response = (await handler(event, lambdaContext())) as { statusCode: number; body?: string };
    const ms = performance.now() - started;
    const text = response.body ?? '';
    let parsed: SlackReply['body'] = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { text };
    }
    return { statusCode: response.statusCode, body: parsed, ms };
  }

  /** A body signed with the test's secret unless `extra` says otherwise (signature, timestamp, headers). */
  function deliver(body: string, extra: Partial<Omit<ApiGatewayEventOptions, 'body'>> = {}): Promise<SlackReply> {
    return send(apiGatewayEvent({ body, signingSecret, ...extra }));
  }

  const responseUrl = (channelId: string, userId: string) => stack.standin.newResponseUrl({ channelId, userId });
  /** `/odps <text>` as Slack would send it. */
  const command = (
    text: string,
    fields: { userId?: string; channelId?: string; teamId?: string; triggerId?: string } = {},
  ) =>
    deliver(
      slashCommandBody({
        text,
        responseUrl: responseUrl(fields.channelId ?? 'C0CHAN', fields.userId ?? 'U0USER'),
        ...fields,
      }),
    );
  return {
    ...stack,
    logs,
    command,
    /** `/odps run <text>`, the worker drained: the id of the instance whose job card it posted. */
    run: async (text: string): Promise<string> => {
      const reply = await command(`run ${text}`);
      if (reply.statusCode !== 200) throw new Error(`/odps run ${text}: HTTP ${reply.statusCode}`);
      await stack.publisher.drain();
      const card = stack.standin.calls('chat.postMessage').at(-1);
      const id = card && instanceIdOf({ metadata: card.args.metadata });
      if (!id) throw new Error(`/odps run ${text}: no job card with an instance id`);
      return id;
    },
    click: (actionId: string, value: string, messageTs: string, userId = 'U0USER') =>
      deliver(
        blockActionsBody(
          buttonClickPayload({ actionId, value, messageTs, userId, responseUrl: responseUrl('C0CHAN', userId) }),
        ),
      ),
    deliver,
    send,
    /** Waits for the worker to finish everything handed to it. */
    drain: () => stack.publisher.drain(),
  };
}
