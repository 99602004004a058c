import { after } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { type EmulatorAccount, type RunningEmulator, startEmulator } from '../../../src/emulator/index.ts';
import { assumeRole, type IssuedCredentials } from './alibaba-sts.ts';
import { type OdpsReply, type OdpsRequest, type SigningKey, sendSigned } from './odps-signer.ts';

/**
 * An emulator with roles for the identity tests: the bot's RAM user (trusted by every role), a RAM
 * user no role trusts, a root account, and three roles over two projects. Its clock is real time
 * plus an offset the tests move, because Alibaba's SDK stamps each STS request with the real time.
 */
export const ACCOUNT_ID = '1234567890123456';
export const ANALYTICS = 'analytics';
export const FINANCE = 'finance';

export const BOT: EmulatorAccount = {
  accessId: 'bot-access-id',
  secret: 'bot-secret',
  owner: `RAM$${ACCOUNT_ID}:odps-bot`,
};
export const STRANGER: EmulatorAccount = {
  accessId: 'intern-id',
  secret: 'intern-secret',
  owner: `RAM$${ACCOUNT_ID}:intern`,
};
export const ROOT: EmulatorAccount = { accessId: 'root-id', secret: 'root-secret', owner: 'ALIYUN$owner@example.com' };

export const ANALYST = `acs:ram::${ACCOUNT_ID}:role/analyst`;
export const ENGINEER = `acs:ram::${ACCOUNT_ID}:role/engineer`;
export const ADMIN = `acs:ram::${ACCOUNT_ID}:role/odps-admin`;

export class ShiftedClock {
  offsetMs = 0;
  readonly read = (): number => Date.now() + this.offsetMs;
}

export interface IdentityStack {
  readonly emulator: RunningEmulator;
  readonly clock: ShiftedClock;
  /** The bot assumes a role for a person (the session name), through Alibaba's SDK. */
  assume(roleArn: string, sessionName: string, durationSeconds?: number): Promise<IssuedCredentials>;
  /** A MaxCompute request signed with these credentials (or an account's key); to the tunnel's mount if asked. */
  send(key: SigningKey, call: OdpsRequest, mount?: 'api' | 'tunnel'): Promise<OdpsReply>;
  /** Submits one SQL (or SQLCost) task to a project; the reply of the create. */
  submit(key: SigningKey, project: string, sql: string, taskType?: 'SQL' | 'SQLCost'): Promise<OdpsReply>;
  /** Lets every instance run to its end (moves the clock past the run time). */
  finishAll(): Promise<void>;
}

export async function startIdentityStack(): Promise<IdentityStack> {
  const clock = new ShiftedClock();
  const emulator = await startEmulator({
    projects: [ANALYTICS, FINANCE],
    accounts: [BOT, STRANGER, ROOT],
    clock: clock.read,
    defaultDurationMs: 1000,
    roles: [
      {
        arn: ANALYST,
        trustedAccessIds: [BOT.accessId],
        projects: [ANALYTICS],
        unreadableTables: [`${ANALYTICS}.salaries`],
        writes: false,
      },
      { arn: ENGINEER, trustedAccessIds: [BOT.accessId], projects: [ANALYTICS], writes: true, maxSessionSeconds: 7200 },
      {
        arn: ADMIN,
        trustedAccessIds: [BOT.accessId],
        projects: [ANALYTICS, FINANCE],
        writes: true,
        stopsAnyInstance: true,
      },
    ],
  });
  after(() => emulator.close());
  const stack: IdentityStack = {
    emulator,
    clock,
    assume: (roleArn, roleSessionName, durationSeconds) =>
      assumeRole(emulator.stsEndpoint, BOT, {
        roleArn,
        roleSessionName,
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
      }),
    send: (key, call, mount = 'api') =>
      sendSigned(mount === 'api' ? emulator.endpoint : `${emulator.url}/tunnel`, key, call, clock.read()),
    submit: (key, project, sql, taskType = 'SQL') =>
      stack.send(key, {
        method: 'POST',
        resource: `/projects/${project}/instances`,
        body: jobXml(sql, taskType),
        contentType: 'application/xml',
      }),
    finishAll: async () => {
      clock.offsetMs += 2000;
      await stack.send(BOT_KEY, { method: 'GET', resource: `/projects/${ANALYTICS}/instances` });
    },
  };
  return stack;
}

export const BOT_KEY: SigningKey = { accessKeyId: BOT.accessId, secret: BOT.secret };

/** The signing key of issued credentials. */
export function keyOf(credentials: IssuedCredentials): SigningKey {
  return {
    accessKeyId: credentials.accessKeyId,
    secret: credentials.accessKeySecret,
    securityToken: credentials.securityToken,
  };
}

export function instanceIdOf(created: OdpsReply): string {
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.body}`);
  return (created.headers.location ?? '').split('/').pop() ?? '';
}

function jobXml(sql: string, taskType: 'SQL' | 'SQLCost'): string {
  const name = taskType === 'SQL' ? 'AnonymousSQLTask' : 'AnonymousSQLCostTask';
  return `<?xml version="1.0" encoding="utf-8"?>
<Instance><Job><Priority>9</Priority><Tasks><${taskType}><Name>${name}</Name>
<Config><Property><Name>settings</Name><Value>{}</Value></Property></Config>
<Query><![CDATA[${sql}]]></Query></${taskType}></Tasks><DAG><RunMode>Sequence</RunMode></DAG></Job></Instance>`;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

/** The first task's Status and Result text from a ?result document. */
export function firstTaskResult(body: string): { status: string; text: string } {
  const doc = parser.parse(body) as { Instance?: { Tasks?: { Task?: Record<string, unknown> } } };
  const task = doc.Instance?.Tasks?.Task ?? {};
  const result = task.Result as string | { '#text'?: string } | undefined;
  const text = typeof result === 'string' ? result : (result?.['#text'] ?? '');
  return { status: String(task.Status ?? ''), text };
}

/** Owners by instance id from a listing. */
export function ownersIn(body: string): Map<string, string> {
  const doc = parser.parse(body) as { Instances?: { Instance?: unknown } };
  const listed = doc.Instances?.Instance;
  const instances = (Array.isArray(listed) ? listed : listed === undefined ? [] : [listed]) as Record<string, string>[];
  return new Map(instances.map((instance) => [String(instance.Name), String(instance.Owner)]));
}

/** The <Error> of an XML error reply. */
export function errorIn(reply: OdpsReply): { code: string; message: string } {
  const doc = parser.parse(reply.body) as { Error?: { Code?: string; Message?: string } };
  return { code: String(doc.Error?.Code ?? ''), message: String(doc.Error?.Message ?? '') };
}
