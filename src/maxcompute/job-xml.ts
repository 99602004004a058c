import { MaxComputeInvalidInputError } from './errors.ts';

/**
 * Request bodies the client sends (SQL and XFlow creates, stop), written by hand in the element order the SDKs
 * use. Everything from the caller is escaped; SQL goes into CDATA with `]]>` split safely.
 */

/**
 * The task element of an SQL job: `SQL` runs the query, `SQLCost` only estimates it. Both carry the
 * same children (PyODPS's SQLTask and SQLCostTask differ only in the element name and default task name).
 */
export type SqlTaskType = 'SQL' | 'SQLCost';

export interface SqlJob {
  readonly sql: string;
  /** `SQL` unless given. */
  readonly taskType?: SqlTaskType;
  readonly taskName: string;
  /** The `settings` property: per-query flags ("hints"); all values are strings on the wire. */
  readonly settings: Readonly<Record<string, string>>;
  readonly priority: number;
  readonly guid: string;
  /** One UUID per job, as PyODPS sends. */
  readonly uuid: string;
  readonly jobName?: string;
}

export interface XflowJob {
  readonly xflowName: string;
  readonly xflowProject: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string>>;
  readonly priority?: number;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

export function sqlJobXml(job: SqlJob): string {
  checkPriority(job.priority);
  const taskType = job.taskType ?? 'SQL';
  const lines = [XML_DECLARATION, '<Instance>', '  <Job>'];
  if (job.jobName !== undefined) lines.push(`    <Name>${escapeXml(job.jobName)}</Name>`);
  lines.push(
    `    <Priority>${job.priority}</Priority>`,
    `    <Guid>${escapeXml(job.guid)}</Guid>`,
    '    <Tasks>',
    `      <${taskType}>`,
    `        <Name>${escapeXml(job.taskName)}</Name>`,
    '        <Config>',
    property('settings', JSON.stringify(job.settings)),
    property('uuid', job.uuid),
    '        </Config>',
    `        <Query>${cdata(normaliseQuery(job.sql))}</Query>`,
    `      </${taskType}>`,
    '    </Tasks>',
    '    <DAG>',
    '      <RunMode>Sequence</RunMode>',
    '    </DAG>',
    '  </Job>',
    '</Instance>',
  );
  return `${lines.join('\n')}\n`;
}

export function xflowJobXml(job: XflowJob): string {
  if (job.priority !== undefined) checkPriority(job.priority);
  const lines = [
    XML_DECLARATION,
    '<Instance>',
    '  <XflowInstance>',
    `    <Project>${escapeXml(job.xflowProject)}</Project>`,
    `    <Xflow>${escapeXml(job.xflowName)}</Xflow>`,
    '    <Parameters>',
  ];
  for (const [key, value] of Object.entries(job.parameters)) {
    lines.push(
      '      <Parameter>',
      `        <Key>${escapeXml(key)}</Key>`,
      `        <Value>${escapeXml(value)}</Value>`,
      '      </Parameter>',
    );
  }
  lines.push('    </Parameters>');
  if (job.priority !== undefined) lines.push(`    <Priority>${job.priority}</Priority>`);
  if (Object.keys(job.settings).length > 0) {
    lines.push('    <Config>', property('settings', JSON.stringify(job.settings)), '    </Config>');
  }
  lines.push('  </XflowInstance>', '</Instance>');
  return `${lines.join('\n')}\n`;
}

export const STOP_INSTANCE_XML = `${XML_DECLARATION}\n<Instance>\n  <Status>Terminated</Status>\n</Instance>\n`;

/** PyODPS strips surrounding whitespace and ends the query with `;`. */
export function normaliseQuery(sql: string): string {
  const trimmed = sql.trim();
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
}

function property(name: string, value: string): string {
  return [
    '          <Property>',
    `            <Name>${escapeXml(name)}</Name>`,
    `            <Value>${escapeXml(value)}</Value>`,
    '          </Property>',
  ].join('\n');
}

function checkPriority(priority: number): void {
  if (!Number.isInteger(priority) || priority < 0) {
    throw new MaxComputeInvalidInputError('priority', `Priority must be a non-negative integer, got ${priority}`);
  }
}

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** `]]>` cannot appear inside CDATA: close the section between `]]` and `>` and open another. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
