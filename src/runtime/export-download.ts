import { DOWNLOAD_PATH_PREFIX, type DownloadLinks } from '../export/download-links.ts';
import { parseExportKey } from '../export/export-key.ts';
import type { S3ObjectPresigner } from '../export/s3-object-presigner.ts';
import type { Logger } from '../observability/logger.ts';
import { DEFAULT_LOCALE, type Locale, type MessageKey, matchLocale, translator } from '../slack/i18n/catalog.ts';

/**
 * The answer to someone opening an export's download link (`GET /exports/<token>`, download-links.ts):
 * a redirect to the object, presigned now for a few minutes, while the link is within its days; a
 * page saying the export expired (410) or that the link is not one of ours (404) otherwise. The
 * Slack function answers it on AWS (lambda-front-door.ts), the local app's server with `npm start`.
 * The page speaks the browser's language when the app has it.
 */

export interface DownloadRequest {
  readonly method: string;
  readonly path: string;
  readonly acceptLanguage?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface ExportDownloadsOptions {
  readonly links: DownloadLinks;
  readonly presigner: S3ObjectPresigner;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/** Nothing here may be cached or leak the link onwards: it is the only key to the export. */
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } as const;

export class ExportDownloads {
  readonly #options: ExportDownloadsOptions;

  constructor(options: ExportDownloadsOptions) {
    this.#options = options;
  }

  /** Whether a request is for this route at all (anything else goes on to Slack's route). */
  static handles(path: string): boolean {
    return path.startsWith(DOWNLOAD_PATH_PREFIX);
  }

  async answer(request: DownloadRequest): Promise<HttpAnswer> {
    const locale = pageLocale(request.acceptLanguage);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return { status: 405, headers: { ...PRIVATE, allow: 'GET, HEAD' }, body: '' };
    }
    const now = (this.#options.now ?? (() => new Date()))();
    const check = this.#options.links.check(request.path, now);
    if (check.kind === 'invalid') return page(404, locale, 'download.invalidTitle', 'download.invalid');
    const parts = parseExportKey(check.objectKey);
    if (check.kind === 'expired') {
      const expires = `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(check.expiresAt)} UTC`;
      return page(410, locale, 'download.expiredTitle', 'download.expired', { ...parts, expires });
    }
    try {
      const location = await this.#options.presigner.presignGet(check.objectKey, now);
      return { status: 302, headers: { ...PRIVATE, location }, body: '' };
    } catch (error) {
      // The presigned URL is never logged: it is the export itself for five minutes.
      this.#options.logger.warn('export download could not be presigned', {
        error: error instanceof Error ? error.name : 'unknown',
        project: parts?.project,
        instanceId: parts?.instanceId,
      });
      const answer = page(503, locale, 'download.unavailableTitle', 'download.unavailable');
      return { ...answer, headers: { ...answer.headers, 'retry-after': '60' } };
    }
  }
}

/** The first language the browser asks for that the app has, by its q-values. */
export function pageLocale(acceptLanguage: string | undefined): Locale {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q === undefined ? 1 : Number(q.slice(2)) || 0, index };
    })
    .filter((each) => each.tag !== '' && each.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

function page(
  status: number,
  locale: Locale,
  titleKey: MessageKey,
  textKey: MessageKey,
  params: Readonly<Record<string, string>> = {},
): HttpAnswer {
  const t = translator(locale);
  const title = escapeHtml(t(titleKey));
  const text = escapeHtml(t(textKey, params));
  const body = `<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title><h1>${title}</h1><p>${text}</p></html>`;
  return {
    status,
    headers: {
      ...PRIVATE,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
