import { after } from 'node:test';
import { AwsLambdaReceiver } from '@slack/bolt';
import type { EmulatorOptions } from '../../src/emulator/index.ts';
import { jsonLogger } from '../../src/observability/json-logger.ts';
import { startLocalStack } from '../../src/runtime/local.ts';
import type { PollerOptions } from '../../src/tracker/poller.ts';
import {
  apiGatewayEvent,
  blockActionsBody,
  buttonClickPayload,
  lambdaContext,
  slashCommandBody,
} from './slack-requests.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-standin';
export const PROJECT = 'test_proj';

export interface SlackReply {
  readonly statusCode: number;
  readonly body: { response_type?: string; text?: string; blocks?: unknown[] } & Record<string, unknown>;
  readonly ms: number;
}

/**
 * The Slack front door as Lambda runs it (AwsLambdaReceiver, signed API Gateway v2 events), on the
 * local stack's real loopback parts. Log lines are kept so tests can look for audit records and for
 * leaked secrets.
 */
export async function useFrontDoor(
  options: { env?: Record<string, string>; emulator?: EmulatorOptions; poller?: Partial<PollerOptions> } = {},
) {
  const logs: string[] = [];
  const receiver = new AwsLambdaReceiver({ signingSecret: SIGNING_SECRET });
  const stack = await startLocalStack({
    project: PROJECT,
    env: options.env,
    emulator: { defaultDurationMs: 300, ...options.emulator },
    receiver,
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    logger: jsonLogger({ level: 'debug', write: (line) => logs.push(line) }),
    poller: { tickIntervalMs: 50, leaseMs: 300, ...options.poller },
  });
  const handler = await receiver.start();
  after(() => stack.close());

  async function deliver(
    body: string,
    extra: { signature?: string; timestampSeconds?: number } = {},
  ): Promise<SlackReply> {
    const started = performance.now();
    const event = apiGatewayEvent({ body, signingSecret: SIGNING_SECRET, ...extra });
    const response = (await handler(event as never, lambdaContext())) as { statusCode: number; body?: string };
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

  const responseUrl = (channelId: string, userId: string) => stack.standin.newResponseUrl({ channelId, userId });
  return {
    ...stack,
    logs,
    /** `/odps <text>` as Slack would send it. */
    command: (
      text: string,
      fields: { userId?: string; channelId?: string; teamId?: string; triggerId?: string } = {},
    ) =>
      deliver(
        slashCommandBody({
          text,
          responseUrl: responseUrl(fields.channelId ?? 'C0CHAN', fields.userId ?? 'U0USER'),
          ...fields,
        }),
      ),
    click: (actionId: string, value: string, messageTs: string, userId = 'U0USER') =>
      deliver(
        blockActionsBody(
          buttonClickPayload({ actionId, value, messageTs, userId, responseUrl: responseUrl('C0CHAN', userId) }),
        ),
      ),
    deliver,
    /** Waits for the worker to finish everything handed to it. */
    drain: () => stack.publisher.drain(),
  };
}
