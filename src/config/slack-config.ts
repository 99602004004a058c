import type { EnvReader } from './env-reader.ts';

/**
 * The Slack front door's configuration and guardrails, parsed once from an env map (the composition
 * root resolves secrets from SSM / Secrets Manager into that map first). Secrets are non-enumerable
 * so a logged config never shows them.
 */
export interface SlackConfig {
  readonly signingSecret: string;
  readonly botToken: string;
  /** Configured on Lambda (no auth.test at cold start); a local run may leave them to auth.test. */
  readonly botId: string | undefined;
  readonly botUserId: string | undefined;
  /** Web API base URL; a stand-in's URL in tests and the local stack. */
  readonly apiUrl: string | undefined;
  readonly guard: GuardConfig;
  readonly locales: LocaleConfig;
  /** How long a command may wait on MaxCompute before it is handed off to the worker. */
  readonly ackBudgetMs: number;
}

export interface GuardConfig {
  /** Empty means every workspace (or channel, or user) is allowed. */
  readonly allowedTeams: ReadonlySet<string>;
  readonly allowedChannels: ReadonlySet<string>;
  readonly allowedUsers: ReadonlySet<string>;
  /** May stop any instance, and run SQL even when not on the user list. */
  readonly admins: ReadonlySet<string>;
  readonly allowedProjects: ReadonlySet<string>;
  readonly readOnly: boolean;
  readonly readOnlyChannels: ReadonlySet<string>;
  /** The job priorities `/odps run --priority` may ask for; empty: the option is refused. */
  readonly allowedPriorities: ReadonlySet<number>;
  /** The quotas `/odps run --quota` may name; empty: the option is refused. */
  readonly allowedQuotas: ReadonlySet<string>;
}

export interface LocaleConfig {
  readonly defaultLocale: string;
  readonly byTeam: ReadonlyMap<string, string>;
  readonly byChannel: ReadonlyMap<string, string>;
}

export const SLACK_ID = /^[A-Z0-9]{2,20}$/;
const PROJECT = /^[A-Za-z0-9_]{1,128}$/;
/** A language tag such as `en` or `zh-CN`; which catalogs exist is the Slack layer's business. */
const LOCALE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * `configured`: the bot's ids must be set (Lambda, where an auth.test on every cold start costs a
 * round trip). `auth.test`: a long-running local app may leave them out and let Bolt ask Slack once.
 */
export type BotIdentitySource = 'configured' | 'auth.test';

/** Whether the app's secrets come from the environment or from a local stand-in started later. */
export type SlackSecretsSource = 'environment' | 'stand-in';

/** The Slack part of the one configuration (config.ts): problems go to the shared reader. */
export function readSlackConfig(
  read: EnvReader,
  botIdentity: BotIdentitySource,
  secrets: SlackSecretsSource = 'environment',
): SlackConfig {
  const botIdOf = (name: string, what: string) =>
    read.matching(name, SLACK_ID, what) ?? (botIdentity === 'configured' ? requiredMissing(read, name) : undefined);
  const ids = (name: string) => read.list(name, SLACK_ID, 'Slack ids such as C0123ABCD');
  const secret = (name: string, hint: string) =>
    secrets === 'environment' ? read.required(name, hint) : (read.optional(name) ?? '');
  const config: SlackConfig = {
    signingSecret: secret('SLACK_SIGNING_SECRET', 'the app’s signing secret'),
    botToken: secret('SLACK_BOT_TOKEN', 'the bot token, xoxb-…'),
    botId: botIdOf('SLACK_BOT_ID', 'the bot id (B…)'),
    botUserId: botIdOf('SLACK_BOT_USER_ID', 'the bot user id (U…)'),
    apiUrl: read.url('SLACK_API_URL'),
    guard: {
      allowedTeams: ids('ODPS_ALLOWED_TEAMS'),
      allowedChannels: ids('ODPS_ALLOWED_CHANNELS'),
      allowedUsers: ids('ODPS_ALLOWED_USERS'),
      admins: ids('ODPS_ADMINS'),
      allowedProjects: read.list('ODPS_ALLOWED_PROJECTS', PROJECT, 'MaxCompute project names'),
      readOnly: read.boolean('ODPS_READ_ONLY'),
      readOnlyChannels: ids('ODPS_READ_ONLY_CHANNELS'),
      allowedPriorities: priorities(read),
      allowedQuotas: read.list('ODPS_ALLOWED_QUOTAS', /^[A-Za-z0-9_-]{1,64}$/, 'MaxCompute quota names'),
    },
    locales: {
      defaultLocale: locale(read, 'ODPS_DEFAULT_LOCALE') ?? 'en',
      byTeam: localeMap(read, 'ODPS_TEAM_LOCALES'),
      byChannel: localeMap(read, 'ODPS_CHANNEL_LOCALES'),
    },
    ackBudgetMs: read.integer('ODPS_ACK_BUDGET_MS', 800, { min: 100, max: 2500 }),
  };
  for (const secret of ['signingSecret', 'botToken'] as const) {
    Object.defineProperty(config, secret, { enumerable: false });
  }
  return Object.freeze(config);
}

function requiredMissing(read: EnvReader, name: string): string {
  read.problem(`${name} is required (skipping auth.test at cold start needs it)`);
  return '';
}

/** `ODPS_ALLOWED_PRIORITIES`: single priorities and ranges, `5-9` or `3,7,9`. */
function priorities(read: EnvReader): ReadonlySet<number> {
  const entries = read.list('ODPS_ALLOWED_PRIORITIES', /^\d(-\d)?$/, 'job priorities 0-9 or ranges such as 5-9');
  const allowed = new Set<number>();
  for (const entry of entries) {
    const [from = 0, to = from] = entry.split('-').map(Number);
    for (let priority = from; priority <= to; priority++) allowed.add(priority);
  }
  return allowed;
}

function locale(read: EnvReader, name: string): string | undefined {
  return read.matching(name, LOCALE_TAG, 'a language tag such as en or zh-CN');
}

/** `C0123=zh-CN,C0456=en`. */
function localeMap(read: EnvReader, name: string): ReadonlyMap<string, string> {
  const raw = read.optional(name);
  const map = new Map<string, string>();
  if (raw === undefined) return map;
  for (const pair of raw
    .split(',')
    .map((each) => each.trim())
    .filter(Boolean)) {
    const [id, tag] = pair.split('=').map((each) => each.trim());
    if (!id || !tag || !SLACK_ID.test(id) || !LOCALE_TAG.test(tag)) {
      read.problem(`${name} entries look like C0123ABCD=zh-CN; not ${JSON.stringify(pair)}`);
      continue;
    }
    map.set(id, tag);
  }
  return map;
}
