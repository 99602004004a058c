import type { EmulatorContext } from '../context.ts';
import { httpDate } from '../http/http-date.ts';
import { htmlReply, type Reply } from '../http/reply.ts';
import type { InstanceRecord } from '../model/instance.ts';
import { stagesAt } from '../model/progress.ts';

/**
 * The emulator's own Logview: GET /logview/?h=<endpoint>&p=<project>&i=<id>&token=<token>, the link
 * clients build from GET {prefix}/logview/host. Unsigned, but the token must be one this
 * emulator issued, unexpired, for this project and instance. Every interpolated value is escaped.
 */
const PREVIEW_LINES = 21;

export async function logviewPage(context: EmulatorContext, params: URLSearchParams): Promise<Reply> {
  const project = params.get('p') ?? '';
  const id = params.get('i') ?? '';
  const check = context.tokens.check(params.get('token') ?? '', context.now());
  if (!check.ok) {
    return page(403, 'Logview: access denied', `<p>The Logview token is invalid: ${escapeHtml(check.reason)}.</p>`);
  }
  const { claims } = check;
  if (claims.project !== project || (claims.instance !== '*' && claims.instance !== id)) {
    return page(403, 'Logview: access denied', '<p>The Logview token does not grant access to this instance.</p>');
  }
  await context.lifecycle.settle(context.now());
  const instance = context.registry.get(project, id);
  if (instance === undefined) return page(404, 'Logview: not found', `<p>Instance not found: ${escapeHtml(id)}</p>`);
  return page(200, `Logview ${instance.id}`, instanceSection(context, instance));
}

function instanceSection(context: EmulatorContext, instance: InstanceRecord): string {
  const now = context.now();
  const rows: [string, string][] = [
    ['Instance', instance.id],
    ['Project', instance.project],
    ['Owner', instance.owner],
    ['Status', context.lifecycle.statusAt(instance, now)],
    ['Start time', httpDate(instance.createdAt)],
    ['End time', instance.outcome === undefined ? '' : httpDate(instance.outcome.endAt)],
    ['Priority', String(instance.job.priority)],
  ];
  const parts = [
    `<table class="facts">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
  ];
  for (const action of instance.xflow?.actions ?? []) {
    parts.push(
      `<p>XFlow action ${escapeHtml(action.name)} (${escapeHtml(action.nodeType)}): ${escapeHtml(action.instanceId || '-')}</p>`,
    );
  }
  for (const task of instance.tasks) {
    const outcome = instance.outcome?.tasks.get(task.name);
    const stages = stagesAt(instance, task, now);
    const stageRows = stages
      .map(
        (s) =>
          `<tr><td>${escapeHtml(s.id)}</td><td>${escapeHtml(s.status)}</td><td>${s.runningWorkers}/${s.terminatedWorkers}/${s.totalWorkers}</td><td>${s.finishedPercentage}%</td></tr>`,
      )
      .join('');
    parts.push(
      `<h2>Task ${escapeHtml(task.name)} (${escapeHtml(task.type)}): ${escapeHtml(context.lifecycle.taskStatusAt(instance, task, now))}</h2>`,
      stages.length === 0
        ? '<p>No stages.</p>'
        : `<table class="stages"><tr><th>Stage</th><th>Status</th><th>Running/Done/Total</th><th>Progress</th></tr>${stageRows}</table>`,
      task.query === '' ? '' : `<h3>SQL</h3><pre class="sql">${escapeHtml(task.query)}</pre>`,
      outcome === undefined ? '' : resultSection(outcome.status, outcome.text),
    );
  }
  return parts.join('\n');
}

function resultSection(status: string, text: string): string {
  const lines = text.split('\n');
  const preview = lines.slice(0, PREVIEW_LINES).join('\n');
  const more = lines.length > PREVIEW_LINES + 1 ? `\n... (${lines.length - PREVIEW_LINES - 1} more lines)` : '';
  const title = status === 'Failed' ? 'Error' : 'Result';
  return `<h3>${title}</h3><pre class="${status === 'Failed' ? 'error' : 'result'}">${escapeHtml(preview + more)}</pre>`;
}

function page(status: number, title: string, body: string): Reply {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}pre{background:#f6f6f6;padding:8px;overflow:auto}.error{color:#a00}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
<p><small>MaxCompute emulator Logview</small></p></body></html>
`;
  return htmlReply(html, status);
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
