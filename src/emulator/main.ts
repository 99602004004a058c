import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNT, type EmulatorOptions, type EmulatorRole, type FaultConfig, startEmulator } from './index.ts';

/**
 * CLI: `npm run emulator -- --port 8787 --project odps_demo --access-id X --secret Y ...`.
 * Listens on loopback only. Steer a running emulator over HTTP at /__emulator (see admin.ts).
 */
const USAGE = `Usage: npm run emulator -- [options]
  --port N                   listen port (default 8787; 0 = any free port)
  --host H                   loopback address to bind (default 127.0.0.1)
  --prefix P                 API mount prefix (default /api)
  --project NAME             project to serve; repeat for several (default odps_demo)
  --access-id ID --secret S  account credentials (default: the demo account)
  --owner OWNER              account owner (default ALIYUN$developer@example.com)
  --security-token T         require header authorization-sts-token: T
  --roles FILE               JSON array of EmulatorRole (src/emulator/options.ts) for the STS stand-in
  --sts-port N               STS stand-in's port (default 0: any free port)
  --duration-ms N            default instance run time (default 3000)
  --status-hold-ms N         max hold of ?instancestatus waiting for a change (default 0)
  --max-list-items N         default page size of instance listing (default 100)
  --max-clock-skew-ms N      allowed Date header skew (default 900000)
  --logview-host URL         body of GET /logview/host (default: this emulator)
  --job-insight-host URL     body of GET /webconsole/host (default: 404)
  --latency-ms N --error-rate R --stall-rate R --stall-ms N
  --drop-rate R --drop-after-process-rate R --malformed-rate R   fault injection (rates 0..1)
  --help`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    prefix: { type: 'string' },
    project: { type: 'string', multiple: true },
    'access-id': { type: 'string' },
    secret: { type: 'string' },
    owner: { type: 'string' },
    'security-token': { type: 'string' },
    roles: { type: 'string' },
    'sts-port': { type: 'string' },
    'duration-ms': { type: 'string' },
    'status-hold-ms': { type: 'string' },
    'max-list-items': { type: 'string' },
    'max-clock-skew-ms': { type: 'string' },
    'logview-host': { type: 'string' },
    'job-insight-host': { type: 'string' },
    'latency-ms': { type: 'string' },
    'error-rate': { type: 'string' },
    'stall-rate': { type: 'string' },
    'stall-ms': { type: 'string' },
    'drop-rate': { type: 'string' },
    'drop-after-process-rate': { type: 'string' },
    'malformed-rate': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return parsed;
}

const host = values.host;
if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
  console.error(`Refusing to listen on ${host}: the emulator binds loopback addresses only.`);
  process.exit(2);
}

const faults: Partial<FaultConfig> = {};
const faultFlags: [keyof FaultConfig, keyof typeof values & string][] = [
  ['latencyMs', 'latency-ms'],
  ['errorRate', 'error-rate'],
  ['stallRate', 'stall-rate'],
  ['stallMs', 'stall-ms'],
  ['dropRate', 'drop-rate'],
  ['dropAfterProcessRate', 'drop-after-process-rate'],
  ['malformedRate', 'malformed-rate'],
];
for (const [key, flag] of faultFlags) {
  const value = num(flag, values[flag] as string | undefined);
  if (value !== undefined) faults[key] = value;
}

const account = {
  accessId: values['access-id'] ?? DEMO_ACCOUNT.accessId,
  secret: values.secret ?? DEMO_ACCOUNT.secret,
  owner: values.owner ?? DEMO_ACCOUNT.owner,
  ...(values['security-token'] === undefined ? {} : { securityToken: values['security-token'] }),
};
const options: EmulatorOptions = {
  host,
  port: num('port', values.port) ?? 8787,
  accounts: [account],
  faults,
  ...(values.roles === undefined ? {} : { roles: JSON.parse(readFileSync(values.roles, 'utf8')) as EmulatorRole[] }),
  ...(values['sts-port'] === undefined ? {} : { stsPort: num('sts-port', values['sts-port']) ?? 0 }),
  ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
  ...(values.project === undefined ? {} : { projects: values.project }),
  ...(values['logview-host'] === undefined ? {} : { logviewHost: values['logview-host'] }),
  ...(values['job-insight-host'] === undefined ? {} : { jobInsightHost: values['job-insight-host'] }),
};
const optionalNumbers: [keyof EmulatorOptions, keyof typeof values & string][] = [
  ['defaultDurationMs', 'duration-ms'],
  ['statusHoldMs', 'status-hold-ms'],
  ['maxListItems', 'max-list-items'],
  ['maxClockSkewMs', 'max-clock-skew-ms'],
];
for (const [key, flag] of optionalNumbers) {
  const value = num(flag, values[flag] as string | undefined);
  if (value !== undefined) (options as Record<string, unknown>)[key] = value;
}

const emulator = await startEmulator(options);
console.log(`MaxCompute emulator listening
  endpoint:   ${emulator.endpoint}
  access id:  ${account.accessId}
  secret:     ${values.secret === undefined ? account.secret : '(as given with --secret)'}
  owner:      ${account.owner}
  projects:   ${(options.projects ?? ['odps_demo']).join(', ')}
  sts:        ${emulator.stsEndpoint} (roles: ${(options.roles ?? []).map((role) => role.arn).join(', ') || 'none'})
  logview:    ${emulator.url}/logview/
  admin:      ${emulator.url}/__emulator/faults, ${emulator.url}/__emulator/stats
Ctrl-C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing the emulator`);
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
