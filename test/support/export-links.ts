import assert from 'node:assert/strict';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DownloadLinks } from '../../src/export/download-links.ts';
import { type EmbeddedS3, localS3Location } from '../../src/export/embedded-s3.ts';
import { S3ObjectPresigner } from '../../src/export/s3-object-presigner.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { ExportDownloads, type HttpAnswer } from '../../src/runtime/export-download.ts';
import { LOCAL_STACK_PUBLIC_URL } from '../../src/runtime/local.ts';
import type { SlackLambdaHandler } from '../../src/runtime/slack-lambda-handler.ts';

/**
 * Opening a stored export's link as a person does: the app answers the link (a 302 to a URL presigned
 * at that moment), and the browser follows it to the S3 server. Through the production parts: the
 * route's own class on an embedded S3, or a stack's Lambda handler as API Gateway would call it.
 */

/** The test stack's (src/runtime/local.ts) public URL, and that of the links made here. */
export const TEST_PUBLIC_URL = LOCAL_STACK_PUBLIC_URL;
export const TEST_SIGNING_SECRET = 'test-signing-secret-for-links';

/** Links, and the route that answers them, for the embedded server's bucket. */
export function exportLinksOn(
  s3: Pick<EmbeddedS3, 'endpoint' | 'bucket'>,
  now?: () => Date,
): { links: DownloadLinks; downloads: ExportDownloads; open(url: string): Promise<Response> } {
  const links = new DownloadLinks({ secret: TEST_SIGNING_SECRET, baseUrl: TEST_PUBLIC_URL });
  const downloads = new ExportDownloads({
    links,
    presigner: new S3ObjectPresigner(localS3Location(s3)),
    logger: silentLogger,
    ...(now ? { now } : {}),
  });
  const open = async (url: string) => follow(await downloads.answer({ method: 'GET', path: pathOf(url) }));
  return { links, downloads, open };
}

/** The answer of a stack's Lambda handler to a GET of `url`, as API Gateway hands it the request. */
export async function answerThroughLambda(
  handler: SlackLambdaHandler,
  url: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const event = {
    version: '2.0',
    routeKey: 'GET /exports/{token}',
    rawPath: pathOf(url),
    rawQueryString: '',
    headers,
    requestContext: { http: { method: 'GET', path: pathOf(url) } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: result.body ?? '',
  };
}

export async function openThroughLambda(handler: SlackLambdaHandler, url: string): Promise<Response> {
  return follow(await answerThroughLambda(handler, url));
}

function pathOf(url: string): string {
  assert.ok(url.startsWith(`${TEST_PUBLIC_URL}/exports/`) || /^http:\/\/127\.0\.0\.1:\d+\/exports\//.test(url), url);
  return new URL(url).pathname;
}

async function follow(answer: HttpAnswer): Promise<Response> {
  assert.equal(answer.status, 302, answer.body);
  const location = answer.headers.location;
  assert.ok(location, 'a redirect has a Location');
  return fetch(location);
}
