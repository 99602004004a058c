import type { LocaleConfig } from '../config/slack-config.ts';
import type { Logger } from '../observability/logger.ts';
import { DEFAULT_LOCALE, type Locale, matchLocale } from './i18n/catalog.ts';

/**
 * Which language to answer in. Channel messages (job card, notices) use the channel's configured
 * language, else the workspace's, else the default. Replies to one person use their Slack locale
 * when the app may read it (users.info with include_locale, cached), else the channel's.
 */
export class LocaleResolver {
  readonly #config: LocaleConfig;
  readonly #lookup: (userId: string) => Promise<string | undefined>;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #cache = new Map<string, { locale: Locale | undefined; until: number }>();
  static readonly CACHE_MS = 60 * 60 * 1000;
  static readonly MAX_CACHED = 5000;

  constructor(
    config: LocaleConfig,
    lookup: (userId: string) => Promise<string | undefined>,
    logger: Logger,
    now: () => number,
  ) {
    this.#config = config;
    this.#lookup = lookup;
    this.#logger = logger;
    this.#now = now;
  }

  forChannel(teamId: string, channelId: string): Locale {
    return (
      matchLocale(this.#config.byChannel.get(channelId)) ??
      matchLocale(this.#config.byTeam.get(teamId)) ??
      matchLocale(this.#config.defaultLocale) ??
      DEFAULT_LOCALE
    );
  }

  async forUser(teamId: string, channelId: string, userId: string, signal?: AbortSignal): Promise<Locale> {
    const cached = this.#cache.get(userId);
    if (cached && cached.until > this.#now()) return cached.locale ?? this.forChannel(teamId, channelId);
    let locale: Locale | undefined;
    try {
      locale = matchLocale(await withSignal(this.#lookup(userId), signal));
    } catch (error) {
      // A missing scope or a slow Slack must not cost the user their answer: fall back quietly.
      this.#logger.warn('user locale lookup failed', {
        userId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (this.#cache.size >= LocaleResolver.MAX_CACHED) this.#cache.clear();
    this.#cache.set(userId, { locale, until: this.#now() + LocaleResolver.CACHE_MS });
    return locale ?? this.forChannel(teamId, channelId);
  }
}

function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  ]);
}
