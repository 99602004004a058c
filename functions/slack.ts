import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createAwsRuntime } from '../src/runtime/aws.ts';

/** Slack's slash commands, buttons and modal (API Gateway HTTP API, POST /slack/events). */
const runtime = createAwsRuntime(process.env);
// A configuration error surfaces in the first invocation, with its message, not as an unhandled rejection.
runtime.catch(() => undefined);

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<unknown> {
  return (await runtime).slack(event, context);
}
