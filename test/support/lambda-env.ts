import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';

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
