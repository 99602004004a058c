import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { SlackHttpRequest, SlackRequestGuard } from './slack-request-guard.ts';

export type SlackLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/**
 * Bolt's AwsLambdaReceiver handler behind the {@link SlackRequestGuard}: the signature, its window
 * and its first use are settled here, before Bolt parses the body or any listener runs; a refused
 * request gets the guard's status and an empty body, and Bolt never sees it.
 */
export function guardLambdaHandler(guard: SlackRequestGuard, handler: SlackLambdaHandler): SlackLambdaHandler {
  return async (event, context) => {
    const decision = await guard.decide(slackRequestOf(event));
    if (decision.kind === 'admit') return handler(event, context);
    return { statusCode: decision.status, body: '' } satisfies APIGatewayProxyResultV2;
  };
}

/** The guard's view of an API Gateway (HTTP API or REST) event: headers in any case, the body's bytes. */
export function slackRequestOf(event: APIGatewayProxyEventV2): SlackHttpRequest {
  const header = (name: string) => lambdaHeader(event, name);
  const body = event.body ?? '';
  return {
    contentType: header('content-type'),
    timestamp: header('x-slack-request-timestamp'),
    signature: header('x-slack-signature'),
    rawBody: Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8'),
  };
}

/** A header of an API Gateway event, whatever case the client sent it in (`name` in lower case). */
export function lambdaHeader(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return found === undefined ? undefined : headers[found];
}
