import { isSlackGroupId, isSlackUserId } from '../identity/identity-input.ts';
import type { ConfiguredMappings } from '../identity/identity-mappings.ts';
import { IDENTITY_MODES, type IdentityMode } from '../identity/resolve-identity.ts';
import { parseRoleArn } from '../shared/role-arn.ts';
import type { EnvReader } from './env-reader.ts';

/**
 * Who queries run as (issue #17): the bot's account (`bot`, the default, as before), or each person's
 * RAM role through STS AssumeRole (`person`; `person-or-bot` lets unmapped people run as the bot). The
 * mappings live in their own DynamoDB table, and may also be stated here for a deployment managed as
 * code; the STS settings say how a person's temporary credentials are asked for and kept.
 */
export interface IdentityConfig {
  readonly mode: IdentityMode;
  /** ODPS_IDENTITY_MAP: user and group ids to role ARNs. A mapping in the table outranks one here. */
  readonly configured: ConfiguredMappings;
  /** The mapping table. Undefined only where it is not needed: bot mode with no table named. */
  readonly tableName: string | undefined;
  readonly sts: StsSettings;
  /** A role the poller may read results and progress with instead of each submitter's. */
  readonly readerRoleArn: string | undefined;
}

export interface StsSettings {
  /** Alibaba Cloud STS, or a stand-in: https on AWS unless it is on loopback. */
  readonly endpoint: string;
  /** How long assumed credentials last (the role's own maximum session duration must allow it). */
  readonly durationSeconds: number;
  /** A session policy (JSON, compacted) that narrows every assumed role further. */
  readonly policy: string | undefined;
  /** How many people's credentials are kept at once. */
  readonly cacheSize: number;
  /** Credentials are renewed this long before they expire. */
  readonly refreshMarginSeconds: number;
}

/** Where the embedded dynalite keeps the mappings when the configuration names no table. */
export const LOCAL_IDENTITY_TABLE = 'odps_chatops_identity_local';
export const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com';
/** AssumeRole's own limit on the Policy parameter. */
export const STS_POLICY_MAX_CHARS = 2048;

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export interface IdentityPlace {
  readonly target: 'aws' | 'local';
  /** Locally, whether DynamoDB is the embedded dynalite (which creates the table) or a real account. */
  readonly embeddedStore: boolean;
}

/** The identity part of the one configuration (config.ts): problems go to the shared reader. */
export function readIdentityConfig(read: EnvReader, place: IdentityPlace): IdentityConfig {
  const mode = readMode(read);
  const durationSeconds = read.integer('ODPS_STS_DURATION_SECONDS', 3600, { min: 900, max: 43_200 });
  const refreshMarginSeconds = read.integer('ODPS_STS_REFRESH_MARGIN_SECONDS', 300, { min: 0, max: 43_199 });
  if (refreshMarginSeconds >= durationSeconds) {
    read.problem(
      `ODPS_STS_REFRESH_MARGIN_SECONDS (${refreshMarginSeconds}) must be less than ODPS_STS_DURATION_SECONDS (${durationSeconds})`,
    );
  }
  return {
    mode,
    configured: readIdentityMap(read),
    tableName: readTableName(read, place, mode),
    sts: {
      endpoint: readStsEndpoint(read, place),
      durationSeconds,
      policy: readSessionPolicy(read),
      cacheSize: read.integer('ODPS_STS_CACHE_SIZE', 1000, { min: 1, max: 10_000 }),
      refreshMarginSeconds,
    },
    readerRoleArn: readRoleArn(read, 'ODPS_READER_ROLE_ARN'),
  };
}

function readMode(read: EnvReader): IdentityMode {
  const raw = read.optional('ODPS_IDENTITY_MODE')?.toLowerCase();
  if (raw === undefined) return 'bot';
  const mode = IDENTITY_MODES.find((each) => each === raw);
  if (mode === undefined) {
    read.problem(`ODPS_IDENTITY_MODE must be one of ${IDENTITY_MODES.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return mode ?? 'bot';
}

/** The embedded store makes the table it is told (LOCAL_IDENTITY_TABLE by default); a real one must be named. */
function readTableName(read: EnvReader, place: IdentityPlace, mode: IdentityMode): string | undefined {
  const name = 'ODPS_IDENTITY_TABLE_NAME';
  const given = read.matching(name, TABLE_NAME, 'a DynamoDB table name');
  if (place.target === 'local' && place.embeddedStore) return given ?? LOCAL_IDENTITY_TABLE;
  if (given === undefined && mode !== 'bot') {
    read.problem(`${name} is required when ODPS_IDENTITY_MODE is ${mode} (the DynamoDB table of identity mappings)`);
  }
  return given;
}

/**
 * `U0ADA=acs:ram::1234567890123456:role/analyst,S0DATALEADS=acs:ram::…:role/lead`. Every bad entry is
 * its own problem; an id given twice is one too, whichever role each names.
 */
function readIdentityMap(read: EnvReader): ConfiguredMappings {
  const users = new Map<string, string>();
  const groups = new Map<string, string>();
  const seen = new Set<string>();
  const entries = (read.optional('ODPS_IDENTITY_MAP') ?? '').split(',').map((entry) => entry.trim());
  for (const entry of entries.filter(Boolean)) {
    const equals = entry.indexOf('=');
    if (equals < 0) {
      read.problem(`ODPS_IDENTITY_MAP entries must be <user or group id>=<role ARN>, got ${JSON.stringify(entry)}`);
      continue;
    }
    const id = entry.slice(0, equals).trim();
    const arnText = entry.slice(equals + 1).trim();
    const into = isSlackUserId(id) ? users : isSlackGroupId(id) ? groups : undefined;
    const arn = parseRoleArn(arnText);
    if (into === undefined) {
      read.problem(`ODPS_IDENTITY_MAP: ${JSON.stringify(id)} is not a Slack user id (U…, W…) or user group id (S…)`);
    }
    if (arn === undefined) {
      read.problem(
        `ODPS_IDENTITY_MAP: the role of ${id} is not a RAM role ARN (acs:ram::<account>:role/<name>): ${JSON.stringify(arnText)}`,
      );
    }
    if (seen.has(id)) read.problem(`ODPS_IDENTITY_MAP maps ${id} more than once`);
    else if (into && arn) into.set(id, arn.arn);
    seen.add(id);
  }
  return { users, groups };
}

/** An http(s) URL with nothing but a scheme, a host and a port; http only locally or on loopback. */
function readStsEndpoint(read: EnvReader, place: IdentityPlace): string {
  const name = 'ODPS_STS_ENDPOINT';
  const value = read.url(name, DEFAULT_STS_ENDPOINT) ?? DEFAULT_STS_ENDPOINT;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value; // read.url reported it
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/') {
    read.problem(`${name} must be an endpoint such as ${DEFAULT_STS_ENDPOINT}, with no path, query or credentials`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (place.target === 'aws' && url.protocol === 'http:' && !loopback) {
    read.problem(`${name} must be https on AWS (http only for a stand-in on loopback), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A JSON policy document, kept compacted (AssumeRole counts the characters it is sent). */
function readSessionPolicy(read: EnvReader): string | undefined {
  const raw = read.optional('ODPS_STS_POLICY');
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    read.problem('ODPS_STS_POLICY must be a policy document in JSON; it does not parse');
    return undefined;
  }
  const compact = JSON.stringify(parsed);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    read.problem('ODPS_STS_POLICY must be a policy document: a JSON object with Version and Statement');
  } else if (compact.length > STS_POLICY_MAX_CHARS) {
    read.problem(
      `ODPS_STS_POLICY is ${compact.length} characters as compact JSON, more than STS's ${STS_POLICY_MAX_CHARS}`,
    );
  } else {
    return compact;
  }
  return undefined;
}

function readRoleArn(read: EnvReader, name: string): string | undefined {
  const raw = read.optional(name);
  if (raw === undefined) return undefined;
  const arn = parseRoleArn(raw);
  if (arn === undefined) {
    read.problem(`${name} must be a RAM role ARN (acs:ram::<account>:role/<name>), got ${JSON.stringify(raw)}`);
  }
  return arn?.arn;
}
