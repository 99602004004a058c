import { after } from 'node:test';
import { DEMO_ACCOUNT, startEmulator } from '../../src/emulator/index.ts';
import { startSlackStandin } from '../../src/slack-standin/index.ts';
import { useDynaliteTable } from './dynalite.ts';
import { startEventBridgeStandin } from './eventbridge-standin.ts';

/** The loopback parts a function's environment points at. */
export interface LoopbackParts {
  readonly signingSecret: string;
  readonly botToken: string;
  readonly slackApiUrl: string;
  readonly maxcomputeEndpoint: string;
  readonly project: string;
  readonly tableName: string;
  readonly busName: string;
  readonly dynamoDbEndpoint: string;
  readonly eventBridgeUrl: string;
}

/**
 * The environment the Lambda functions read (the same variables serverless.yml sets), pointed at the
 * emulator, a Slack stand-in, dynalite and the PutEvents stand-in; secrets given as plain values, as
 * the secrets extension would resolve them.
 */
export function loopbackLambdaEnv(parts: LoopbackParts): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: parts.signingSecret,
    SLACK_BOT_TOKEN: parts.botToken,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: parts.slackApiUrl,
    ODPS_ENDPOINT: parts.maxcomputeEndpoint,
    ODPS_PROJECT_NAME: parts.project,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
    ODPS_TABLE_NAME: parts.tableName,
    ODPS_EVENT_BUS_NAME: parts.busName,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: parts.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: parts.eventBridgeUrl,
    LOG_LEVEL: 'warn',
  };
}

/**
 * The loopback parts a function runs against (the emulator with one project, a Slack stand-in,
 * dynalite with the instance table, the PutEvents stand-in), closed after the file's tests, and the
 * environment that points the functions at them.
 */
export async function useLoopbackLambdaParts(options: {
  readonly signingSecret: string;
  readonly botToken: string;
  readonly tableName: string;
  readonly project?: string;
}) {
  const project = options.project ?? 'test_proj';
  const emulator = await startEmulator({ projects: [project], defaultDurationMs: 200 });
  const standin = await startSlackStandin({ botToken: options.botToken });
  const { dynalite, client: dynamo } = await useDynaliteTable(options.tableName);
  const eventbridge = await startEventBridgeStandin();
  after(() => Promise.all([emulator.close(), standin.close(), eventbridge.close()]));
  const env = loopbackLambdaEnv({
    signingSecret: options.signingSecret,
    botToken: options.botToken,
    slackApiUrl: standin.apiUrl,
    maxcomputeEndpoint: emulator.endpoint,
    project,
    tableName: options.tableName,
    busName: 'odps-chatops-test',
    dynamoDbEndpoint: dynalite.endpoint,
    eventBridgeUrl: eventbridge.url,
  });
  return { env, emulator, standin, dynamo, eventbridge };
}
