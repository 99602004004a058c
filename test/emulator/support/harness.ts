import { after } from 'node:test';
import {
  DEMO_ACCOUNT,
  type EmulatorAccount,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../../src/emulator/index.ts';
import { parseXmlBody, type RawReply, SignedClient } from './signed-client.ts';

/** A clock tests move by hand. */
export class TestClock {
  now: number;

  constructor(start = Date.UTC(2026, 10, 23, 4, 30, 0)) {
    this.now = start;
  }

  readonly read = (): number => this.now;

  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly client: SignedClient;
  readonly clock: TestClock;
  readonly project: string;
  /** Submits SQL (optionally with settings/guid/name) and returns the instance id from Location. */
  submit(sql: string, options?: SubmitOptions): Promise<string>;
  get(resource: string): Promise<RawReply>;
  /** GET an instance action and parse the XML body. */
  xml(id: string, action?: string): Promise<Record<string, unknown>>;
  status(id: string): Promise<string>;
}

export interface SubmitOptions {
  /** The task element: `SQL` (default) or `SQLCost`; the task is named as PyODPS names it. */
  readonly taskType?: 'SQL' | 'SQLCost';
  readonly settings?: Record<string, string>;
  readonly guid?: string;
  readonly name?: string;
}

const PROJECT = 'emu_proj';

/** Starts an emulator with an injected clock on 127.0.0.1:0, closed after the test file. */
export async function startHarness(options: EmulatorOptions = {}, account: EmulatorAccount = DEMO_ACCOUNT) {
  const clock = new TestClock();
  const emulator = await startEmulator({
    projects: [PROJECT],
    clock: clock.read,
    defaultDurationMs: 1000,
    ...options,
  });
  const client = new SignedClient(emulator.endpoint, account, options.clock ?? clock.read);
  after(async () => {
    await client.close();
    await emulator.close();
  });
  const project = options.projects?.[0] ?? PROJECT;
  const harness: Harness = {
    emulator,
    client,
    clock,
    project,
    submit: async (sql, submitOptions = {}) => {
      const reply = await client.send('POST', `/projects/${project}/instances`, {
        body: sqlJobXml(sql, submitOptions),
        contentType: 'application/xml',
      });
      if (reply.status !== 201) throw new Error(`create failed: ${reply.status} ${reply.body}`);
      return (reply.headers.location ?? '').split('/').pop() ?? '';
    },
    get: (resource) => client.send('GET', resource),
    xml: async (id, action) => {
      const reply = await client.send('GET', `/projects/${project}/instances/${id}${action ? `?${action}` : ''}`);
      if (reply.status !== 200) throw new Error(`GET ${action} failed: ${reply.status} ${reply.body}`);
      return parseXmlBody(reply.body);
    },
    status: async (id) => {
      const doc = (await harness.xml(id, 'instancestatus')) as { Instance: { Status: string }[] };
      return doc.Instance[0]?.Status ?? '';
    },
  };
  return harness;
}

export function sqlJobXml(sql: string, options: SubmitOptions = {}): string {
  const settings = JSON.stringify(options.settings ?? {});
  const type = options.taskType ?? 'SQL';
  const name = type === 'SQL' ? 'AnonymousSQLTask' : 'AnonymousSQLCostTask';
  return `<?xml version="1.0" encoding="utf-8"?>
<Instance>
  <Job>
    ${options.name === undefined ? '' : `<Name>${options.name}</Name>`}
    <Priority>9</Priority>
    ${options.guid === undefined ? '' : `<Guid>${options.guid}</Guid>`}
    <Tasks>
      <${type}>
        <Name>${name}</Name>
        <Config>
          <Property><Name>settings</Name><Value>${escapeXml(settings)}</Value></Property>
        </Config>
        <Query><![CDATA[${sql.replaceAll(']]>', ']]]]><![CDATA[>')}]]></Query>
      </${type}>
    </Tasks>
    <DAG><RunMode>Sequence</RunMode></DAG>
  </Job>
</Instance>`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Task results by name from a ?result document. */
export function taskResults(
  doc: Record<string, unknown>,
): Map<string, { format: string; text: string; status: string }> {
  const instance = (doc as { Instance: { Tasks: { Task: Record<string, unknown>[] } }[] }).Instance[0];
  const tasks = instance?.Tasks.Task ?? [];
  const out = new Map<string, { format: string; text: string; status: string }>();
  for (const task of tasks) {
    const result = task.Result as { '#text'?: string; '@Format'?: string } | string;
    const text = typeof result === 'string' ? result : (result['#text'] ?? '');
    const format = typeof result === 'string' ? '' : (result['@Format'] ?? '');
    out.set(String(task.Name), { format, text, status: String(task.Status) });
  }
  return out;
}
