import { DEFAULT_POLLER_OPTIONS } from '../tracker/poller.ts';
import { type CostConfig, readCostConfig } from './cost-config.ts';
import { type Env, EnvReader } from './env-reader.ts';
import { type IdentityConfig, readIdentityConfig } from './identity-config.ts';
import { type LocalConfig, readLocalConfig } from './local-config.ts';
import { type MaxComputeConfig, readMaxComputeConfig } from './maxcompute-config.ts';
import { readSlackConfig, type SlackConfig } from './slack-config.ts';

/**
 * The one configuration of every function and of `npm start`, read from one env map by one reader:
 * a bad value anywhere is reported with every other problem in one ConfigError, so one fix-and-retry
 * is enough. Where the product runs decides only what is required and a few defaults (TARGETS).
 */
export type Target = 'aws' | 'local';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface PollSettings {
  readonly tickIntervalMs: number;
  readonly maxAgeMs: number;
  readonly concurrency: number;
}

/** Exports of whole results (src/slack/result-exporter.ts). */
export interface ExportConfig {
  /** Files up to this size are shared in Slack; larger ones go to the bucket. */
  readonly slackMaxBytes: number;
  /** CSVs larger than this are gzipped before they are shared or stored. */
  readonly gzipAboveBytes: number;
  /** The bucket for exports larger than Slack's share (serverless.yml makes it); without one they are refused. */
  readonly bucket: string | undefined;
  /** How long a stored export and its link last. */
  readonly ttlDays: number;
  /**
   * Where the app answers HTTP (API Gateway's URL on AWS): a stored export's link points here
   * (src/export/download-links.ts). Required on AWS with a bucket; locally the app's own server.
   */
  readonly publicUrl: string | undefined;
}

export interface Config {
  readonly target: Target;
  readonly logLevel: LogLevel;
  readonly slack: SlackConfig;
  /** Undefined only locally with no ODPS_ENDPOINT, until the emulator's values are read in. */
  readonly maxcompute: MaxComputeConfig | undefined;
  /** The DynamoDB table; locally undefined means the embedded dynalite. */
  readonly tableName: string | undefined;
  /** The EventBridge bus (required on AWS); locally an in-process bus stands in unless one is given. */
  readonly busName: string | undefined;
  readonly poll: PollSettings;
  readonly exports: ExportConfig;
  /** The cost guard: estimates before runs, confirmations, approvals, budgets. */
  readonly cost: CostConfig;
  /** Who queries run as: the bot's account, or each person's RAM role (issue #17). */
  readonly identity: IdentityConfig;
  /** What `npm start` runs embedded and where it listens (local only). */
  readonly local: LocalConfig | undefined;
}

interface TargetRules {
  readonly logLevel: LogLevel;
  readonly tick: { readonly fallback: number; readonly min: number };
}

/**
 * On AWS the bot ids, MaxCompute, the table and the bus are required and a minute's invocation ticks
 * every 3 s; locally each part may be embedded, logs are quieter and the tick is shorter so a
 * watched card moves.
 */
const TARGETS: Readonly<Record<Target, TargetRules>> = {
  aws: { logLevel: 'info', tick: { fallback: DEFAULT_POLLER_OPTIONS.tickIntervalMs, min: 1000 } },
  local: { logLevel: 'warn', tick: { fallback: 1500, min: 200 } },
};

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function loadConfig(env: Env, target: Target): Config {
  const read = new EnvReader(env);
  const rules = TARGETS[target];
  const local = target === 'local' ? readLocalConfig(read) : undefined;
  const slack = readSlackConfig(
    read,
    target === 'aws' ? 'configured' : 'auth.test',
    local?.slack === 'simulator' ? 'stand-in' : 'environment',
  );
  const maxcompute = local?.maxcompute === 'emulator' ? undefined : readMaxComputeConfig(read);
  const tableName =
    target === 'aws'
      ? read.required('ODPS_TABLE_NAME', 'the DynamoDB table of tracked instances')
      : read.optional('ODPS_TABLE_NAME');
  const busName =
    target === 'aws'
      ? read.required('ODPS_EVENT_BUS_NAME', 'the EventBridge bus for hand-offs and events')
      : read.optional('ODPS_EVENT_BUS_NAME');
  const config: Config = {
    target,
    logLevel: logLevel(read, rules.logLevel),
    slack,
    maxcompute,
    tableName,
    busName,
    poll: pollSettings(read, rules),
    exports: exportSettings(read, target),
    cost: readCostConfig(read),
    identity: readIdentityConfig(read, { target, embeddedStore: local?.store === 'embedded' }),
    local,
  };
  read.done();
  return Object.freeze(config);
}

/** Every secret value the configuration holds, for the logger to mask wherever one appears. */
export function secretsOf(config: Config): string[] {
  const credentials = config.maxcompute?.credentials;
  return [
    config.slack.signingSecret,
    config.slack.botToken,
    credentials?.secret ?? '',
    credentials?.securityToken ?? '',
  ].filter((secret) => secret !== '');
}

function logLevel(read: EnvReader, fallback: LogLevel): LogLevel {
  const raw = read.optional('LOG_LEVEL')?.toLowerCase();
  if (raw === undefined) return fallback;
  const level = LOG_LEVELS.find((each) => each === raw);
  if (level === undefined)
    read.problem(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(raw)}`);
  return level ?? fallback;
}

const MB = 1024 * 1024;

function exportSettings(read: EnvReader, target: Target): ExportConfig {
  const bucket = read.optional('ODPS_EXPORT_BUCKET');
  const publicUrl = read.url('ODPS_PUBLIC_URL');
  if (target === 'aws' && bucket !== undefined && publicUrl === undefined) {
    read.problem('ODPS_PUBLIC_URL is required with ODPS_EXPORT_BUCKET (the links to stored exports point to it)');
  }
  return {
    slackMaxBytes: read.integer('ODPS_EXPORT_SLACK_MAX_MB', 100, { min: 1, max: 1000 }) * MB,
    gzipAboveBytes: read.integer('ODPS_EXPORT_GZIP_ABOVE_MB', 5, { min: 0, max: 1000 }) * MB,
    bucket,
    // The link is the app's own (download-links.ts), so it lasts as long as the object; a month at most.
    ttlDays: read.integer('ODPS_EXPORT_TTL_DAYS', 7, { min: 1, max: 30 }),
    publicUrl,
  };
}

function pollSettings(read: EnvReader, rules: TargetRules): PollSettings {
  return {
    tickIntervalMs: read.integer('ODPS_POLL_INTERVAL_MS', rules.tick.fallback, { min: rules.tick.min, max: 60_000 }),
    maxAgeMs: read.integer('ODPS_TRACK_MAX_AGE_HOURS', 24, { min: 1, max: 24 * 30 }) * 3_600_000,
    concurrency: read.integer('ODPS_POLL_CONCURRENCY', DEFAULT_POLLER_OPTIONS.concurrency, { min: 1, max: 64 }),
  };
}
