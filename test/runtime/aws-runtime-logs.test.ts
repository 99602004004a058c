import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAwsRuntime } from '../../src/runtime/aws.ts';
import { useLoopbackLambdaParts } from '../support/lambda-env.ts';
import { apiGatewayEvent, lambdaContext, slashCommandBody } from '../support/slack-requests.ts';

/**
 * The AWS runtime of the Slack function (src/runtime/aws.ts) on loopback parts, its log lines
 * captured: Bolt's receiver must log through the structured logger, where secrets are masked, not
 * through its own console logger.
 */
const SECRET = 'aws-runtime-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-aws-runtime-logs';
const TABLE = 'odps_runtime_logs';

const parts = await useLoopbackLambdaParts({ signingSecret: SECRET, botToken: BOT_TOKEN, tableName: TABLE });

describe('createAwsRuntime: Bolt receiver logs', () => {
  it('go to the structured log with the rest, secrets masked', async () => {
    const lines: string[] = [];
    const env = {
      ...parts.env,
      // At debug the receiver logs the whole event it was handed.
      LOG_LEVEL: 'debug',
    };
    // The AWS SDK reads its endpoints and credentials from the process's environment, as on Lambda.
    Object.assign(process.env, env);
    const runtime = await createAwsRuntime(env, { writeLog: (line) => lines.push(line) });
    const body = slashCommandBody({
      text: 'help',
      responseUrl: parts.standin.newResponseUrl({ channelId: 'C0CHAN', userId: 'U0USER' }),
    });
    const response = (await runtime.slack(apiGatewayEvent({ body, signingSecret: SECRET }), lambdaContext())) as {
      statusCode: number;
    };
    assert.equal(response.statusCode, 200);
    const records = lines.map((line) => JSON.parse(line) as { level: string; message: string; source?: string });
    const fromReceiver = records.filter((record) => record.source === 'bolt-receiver');
    assert.ok(
      fromReceiver.some((record) => record.level === 'debug' && record.message.startsWith('AWS event:')),
      `receiver lines: ${JSON.stringify(fromReceiver.map((record) => record.message.slice(0, 40)))}`,
    );
    for (const line of lines) {
      assert.ok(!line.includes(BOT_TOKEN), 'the bot token never reaches the log');
      assert.ok(!line.includes(SECRET), 'the signing secret never reaches the log');
    }
  });
});
