/**
 * The emulator's public option and handle types, and the defaults applied to them. Other packages'
 * tests build on exactly these shapes, so changes here are API changes.
 */

export interface EmulatorAccount {
  accessId: string;
  secret: string;
  /** e.g. 'ALIYUN$dev@example.com' */
  owner: string;
  /** If set, requests must carry header authorization-sts-token with this value. */
  securityToken?: string;
  /**
   * Actions this account is not granted, answered as MaxCompute's authorization failure (403
   * NoPermission, ODPS-0420095). Only `odps:Download` (the Instance Tunnel's download) is checked.
   */
  deniedActions?: readonly string[];
}

/**
 * A RAM role that the STS stand-in lets trusted accounts assume, and what MaxCompute lets the
 * holders of its temporary credentials do. "May read pyodps_iris but not salaries" is
 * `{ projects: ['p'], unreadableTables: ['p.salaries'], writes: false }`.
 */
export interface EmulatorRole {
  /** `acs:ram::<account id>:role/<role name>`; the name is matched without regard to case, as RAM does. */
  arn: string;
  /** The trust policy: access ids of `accounts` that may assume the role (none of them an `ALIYUN$` root account). */
  trustedAccessIds: readonly string[];
  /** RAM's MaxSessionDuration: the longest DurationSeconds an AssumeRole may ask for, 3600..43200; default 3600. */
  maxSessionSeconds?: number;
  /** Projects the role is a member of; any request about another project is refused (403 NoPermission). */
  projects: readonly string[];
  /** `project.table` names the role may not read (odps:Select); every other table of its projects it may. */
  unreadableTables?: readonly string[];
  /** Whether its SQL may change data or the catalog (CREATE, INSERT, DROP, ALTER, DELETE, UPDATE, MERGE). */
  writes: boolean;
  /** An administrator: may read and stop every principal's instances; otherwise only its own session's. */
  stopsAnyInstance?: boolean;
}

/** Faults of the STS stand-in, settable at run time like FaultConfig. */
export interface StsFaultConfig {
  /** Added before every STS reply. */
  latencyMs: number;
  /** 0..1: answer 400 Throttling.User, request not processed. */
  throttleRate: number;
  /** 0..1: answer 503 ServiceUnavailable, request not processed. */
  unavailableRate: number;
}

export interface FaultConfig {
  /** Added before every /api reply. */
  latencyMs: number;
  /** 0..1: reply 503 (ServiceUnavailable) or 500 (InternalServerError), request NOT processed. */
  errorRate: number;
  /** 0..1: hold the reply stallMs after processing. */
  stallRate: number;
  stallMs: number;
  /** 0..1: destroy the socket without any reply, request NOT processed. */
  dropRate: number;
  /** 0..1: process the request, then destroy the socket: the response is lost. */
  dropAfterProcessRate: number;
  /** 0..1: reply 200 with a truncated XML body, request NOT processed. */
  malformedRate: number;
  /** 0..1: a tunnel data reply sends one record (the middle one) with a wrong checksum. */
  corruptChecksumRate: number;
}

export interface EmulatorOptions {
  host?: string;
  port?: number;
  prefix?: string;
  accounts?: EmulatorAccount[];
  projects?: string[];
  clock?: () => number;
  newInstanceId?: (nowMs: number) => string;
  defaultDurationMs?: number;
  maxClockSkewMs?: number;
  logviewHost?: string | null;
  jobInsightHost?: string | null;
  faults?: Partial<FaultConfig>;
  random?: () => number;
  statusHoldMs?: number;
  maxListItems?: number;
  /** Whole SELECT results kept for the tunnel (oldest dropped first); default 1000. */
  maxStoredResults?: number;
  /** A result over this many rows is not kept for the tunnel; default 2,000,000. */
  maxStoredResultRows?: number;
  /** How long a tunnel download session lives (MaxCompute's last a day); default 24 hours. */
  downloadSessionTtlMs?: number;
  /** RAM roles the STS stand-in issues temporary credentials for; none by default. */
  roles?: EmulatorRole[];
  /** Port of the STS stand-in (always started, on `host`); 0 (the default) = any free one. */
  stsPort?: number;
  stsFaults?: Partial<StsFaultConfig>;
}

/** Counts of STS requests by outcome: `AssumeRole` for credentials issued, else the error Code answered. */
export interface StsStats {
  requests: number;
  byOutcome: Record<string, number>;
}

export interface RunningEmulator {
  readonly url: string;
  readonly endpoint: string;
  readonly faults: { get(): FaultConfig; set(patch: Partial<FaultConfig>): void; reset(): void };
  stats(): { requests: number; byKind: Record<string, number> };
  resetStats(): void;
  /** The STS stand-in's endpoint, `http://127.0.0.1:PORT` (real STS answers at the root of sts.aliyuncs.com). */
  readonly stsEndpoint: string;
  readonly sts: {
    readonly faults: { get(): StsFaultConfig; set(patch: Partial<StsFaultConfig>): void; reset(): void };
    stats(): StsStats;
    resetStats(): void;
  };
  close(): Promise<void>;
}

export const DEMO_ACCOUNT: EmulatorAccount = {
  accessId: 'emulator-access-id',
  secret: 'emulator-secret',
  owner: 'ALIYUN$developer@example.com',
};

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  errorRate: 0,
  stallRate: 0,
  stallMs: 0,
  dropRate: 0,
  dropAfterProcessRate: 0,
  malformedRate: 0,
  corruptChecksumRate: 0,
};

/** Options with every default filled in; logviewHost stays undefined until the port is known. */
export interface ResolvedOptions {
  host: string;
  port: number;
  prefix: string;
  accounts: EmulatorAccount[];
  projects: string[];
  clock: () => number;
  newInstanceId: ((nowMs: number) => string) | undefined;
  defaultDurationMs: number;
  maxClockSkewMs: number;
  logviewHost: string | null | undefined;
  jobInsightHost: string | null;
  faults: FaultConfig;
  random: () => number;
  statusHoldMs: number;
  maxListItems: number;
  maxStoredResults: number;
  maxStoredResultRows: number;
  downloadSessionTtlMs: number;
  roles: EmulatorRole[];
  stsPort: number;
  stsFaults: StsFaultConfig;
}

/** Project names become DuckDB schema names and URL segments, so keep them to MaxCompute's charset. */
const PROJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const projects = options.projects ?? ['odps_demo'];
  for (const project of projects) {
    if (!PROJECT_NAME.test(project)) throw new Error(`Invalid project name: ${JSON.stringify(project)}`);
  }
  const accounts = options.accounts ?? [DEMO_ACCOUNT];
  if (accounts.length === 0) throw new Error('At least one account is required');
  const prefix = (options.prefix ?? '/api').replace(/\/+$/, '');
  if (prefix !== '' && !prefix.startsWith('/')) throw new Error(`Prefix must start with '/': ${prefix}`);
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    prefix,
    accounts,
    projects,
    clock: options.clock ?? Date.now,
    newInstanceId: options.newInstanceId,
    defaultDurationMs: options.defaultDurationMs ?? 3000,
    maxClockSkewMs: options.maxClockSkewMs ?? 900_000,
    logviewHost: options.logviewHost,
    jobInsightHost: options.jobInsightHost ?? null,
    faults: mergeFaults(NO_FAULTS, options.faults ?? {}),
    random: options.random ?? Math.random,
    statusHoldMs: options.statusHoldMs ?? 0,
    maxListItems: options.maxListItems ?? 100,
    maxStoredResults: options.maxStoredResults ?? 1000,
    maxStoredResultRows: options.maxStoredResultRows ?? 2_000_000,
    downloadSessionTtlMs: options.downloadSessionTtlMs ?? 24 * 3_600_000,
    roles: options.roles ?? [],
    stsPort: options.stsPort ?? 0,
    stsFaults: mergeStsFaults(NO_STS_FAULTS, options.stsFaults ?? {}),
  };
}

export const NO_STS_FAULTS: StsFaultConfig = { latencyMs: 0, throttleRate: 0, unavailableRate: 0 };

/** Validates a patch (it may come from the admin HTTP surface) and applies it. */
export function mergeFaults(base: FaultConfig, patch: Partial<FaultConfig>): FaultConfig {
  return mergeSettings(base, patch, NO_FAULTS);
}

export function mergeStsFaults(base: StsFaultConfig, patch: Partial<StsFaultConfig>): StsFaultConfig {
  return mergeSettings(base, patch, NO_STS_FAULTS);
}

/** Non-negative numbers only, rates (`…Rate`) within 0..1, and no key the defaults lack. */
function mergeSettings<T extends object>(base: T, patch: Partial<T>, defaults: T): T {
  const next = { ...base } as Record<string, number>;
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in defaults)) throw new Error(`Unknown fault setting: ${key}`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`Fault setting ${key} must be a non-negative number`);
    }
    if (key.endsWith('Rate') && value > 1) throw new Error(`Fault setting ${key} must be within 0..1`);
    next[key] = value;
  }
  return next as T;
}
