import type { RequestListener } from 'node:http';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { ExportDownloads, type HttpAnswer } from './export-download.ts';
import { lambdaHeader, type SlackLambdaHandler } from './slack-lambda-handler.ts';

/**
 * The download links' route (`/exports/…`, export-download.ts) in front of Slack's, in both of the
 * app's HTTP front doors: API Gateway's events on Lambda, Node's server with `npm start`. A request
 * for any other path goes on unchanged; a link opened where no bucket is configured gets 404.
 */

const NOT_FOUND: HttpAnswer = { status: 404, headers: { 'cache-control': 'no-store' }, body: '' };

export function lambdaWithDownloads(
  downloads: ExportDownloads | undefined,
  next: SlackLambdaHandler,
): SlackLambdaHandler {
  return async (event, context) => {
    const path = event.rawPath ?? '';
    if (!ExportDownloads.handles(path)) return next(event, context);
    const answer = downloads
      ? await downloads.answer({
          method: event.requestContext?.http?.method ?? 'GET',
          path,
          acceptLanguage: lambdaHeader(event, 'accept-language'),
        })
      : NOT_FOUND;
    return {
      statusCode: answer.status,
      headers: { ...answer.headers },
      body: answer.body,
    } satisfies APIGatewayProxyResultV2;
  };
}

export function nodeWithDownloads(downloads: ExportDownloads | undefined, next: RequestListener): RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!ExportDownloads.handles(path)) return next(request, response);
    const acceptLanguage = request.headers['accept-language'];
    const answered = downloads
      ? downloads.answer({ method: request.method ?? 'GET', path, ...(acceptLanguage ? { acceptLanguage } : {}) })
      : Promise.resolve(NOT_FOUND);
    void answered.then(
      (answer) => {
        const body = request.method === 'HEAD' ? '' : answer.body;
        response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(body) });
        response.end(body);
      },
      () => {
        response.writeHead(500, { 'content-length': '0' });
        response.end();
      },
    );
  };
}
