import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../../src/slack/i18n/catalog.ts';
import { failureMessage } from '../../src/slack/messages/failure.ts';
import { finalNoticeMessage } from '../../src/slack/messages/final-notice.ts';
import { notice } from '../../src/slack/messages/notices.ts';
import { resultFile } from '../../src/slack/messages/result-file.ts';
import { resultPreview, textResult } from '../../src/slack/messages/result-preview.ts';
import {
  commandResult,
  needsFile,
  noticeResult,
  type ResultPost,
  ResultPoster,
} from '../../src/slack/result-poster.ts';
import type { InstanceResult } from '../../src/tracker/maxcompute-gateway.ts';
import type { FinalNotice } from '../../src/tracker/notifier.ts';
import type { TrackedInstance } from '../../src/tracker/tracked-instance.ts';
import { fakeSlack } from '../support/fake-slack.ts';

/** The one result poster: what `/odps result` and the notice post, when a file goes with it, and the file. */
const ID = '20261203080000000gresult1';
const en = translator('en');
const zh = translator('zh-CN');

type TableResult = Extract<InstanceResult, { kind: 'table' }>;
type TextResult = Extract<InstanceResult, { kind: 'text' }>;

function table(rows: number, completeness: 'complete' | 'truncated' = 'complete'): TableResult {
  const data = Array.from({ length: rows }, (_, n) => [String(n), `name ${n}`]);
  return {
    kind: 'table',
    taskName: 'AnonymousSQLTask',
    table: { columns: ['id', 'name'], rows: data },
    csv: ['id,name', ...data.map((row) => row.join(','))].join('\n'),
    completeness,
  };
}

const text = (chars: number): TextResult => ({ kind: 'text', taskName: 't', text: 'x'.repeat(chars) });
const failed: InstanceResult = { kind: 'failed', taskName: 't', errorText: 'ODPS-0130131: Table not found' };
const cancelled: InstanceResult = { kind: 'cancelled', taskName: 't' };

describe('the result’s message', () => {
  it('/odps result: a table preview at --limit rows (20 by default, 99 at most), the failure’s text, or Stopped', () => {
    const preview = (rows: number) =>
      resultPreview(table(150).table, zh, {
        maxRows: rows,
        maxColumns: 10,
        maxCellChars: 80,
      });
    assert.deepEqual(commandResult(ID, table(150), { csv: false, previewRows: 5 }, zh).message, preview(5).message);
    assert.deepEqual(commandResult(ID, table(150), { csv: false }, zh).message, preview(20).message);
    assert.deepEqual(commandResult(ID, table(150), { csv: false, previewRows: 500 }, zh).message, preview(99).message);
    assert.deepEqual(
      commandResult(ID, text(10), { csv: false }, en).message,
      textResult(ID, 'x'.repeat(10), en).message,
    );
    const failure = commandResult(ID, failed, { csv: true }, zh);
    assert.deepEqual(failure.message, failureMessage(ID, 'ODPS-0130131: Table not found', zh));
    assert.equal(failure.complete, true);
    assert.deepEqual(commandResult(ID, cancelled, { csv: false }, zh).message, notice('已停止', ':octagonal_sign:'));
  });

  it('the notice: the final notice’s message in the channel’s language, its result kept for the file', () => {
    const instance = {
      ...{ project: 'odps_demo', instanceId: ID, teamId: 'T0', channelId: 'C0', requestedBy: 'U0' },
      ...{ origin: 'run', trackedAt: 0, locale: 'zh-CN', mentions: ['U0'], previewRows: 3, status: 'Terminated' },
      updatedAt: 0,
    } satisfies TrackedInstance;
    const final: FinalNotice = { outcome: 'succeeded', elapsedMs: 4000, logview: [], result: table(10) };
    const post = noticeResult(instance, final);
    const expected = finalNoticeMessage(ID, final, instance, zh);
    assert.deepEqual(post.message, expected.message);
    assert.equal(post.complete, false);
    assert.equal(post.result, final.result);
    assert.equal(post.fileAsked, false);
  });
});

describe('whether a file goes with it', () => {
  const post = (result: InstanceResult | undefined, complete: boolean, fileAsked = false): ResultPost => ({
    instanceId: ID,
    ...(result === undefined ? {} : { result }),
    message: notice('x'),
    complete,
    fileAsked,
    t: en,
  });

  it('a table or a text the message did not show whole; a table whose CSV was asked for', () => {
    assert.equal(needsFile(post(table(3), false)), true);
    assert.equal(needsFile(post(table(3), true)), false);
    assert.equal(needsFile(post(table(3), true, true)), true);
    assert.equal(needsFile(post(text(3), false)), true);
    assert.equal(needsFile(post(text(3), true, true)), false, '--csv asks for a table’s CSV only');
  });

  it('never for a failure, a stop or a notice without a result', () => {
    for (const each of [failed, cancelled, undefined]) {
      assert.equal(needsFile(post(each, false, true)), false);
    }
  });
});

describe('posting it', () => {
  it('/odps result: the message in the channel, then the file under it when needed', async () => {
    const slack = fakeSlack();
    const results = new ResultPoster(slack);
    await results.postResult('C0', commandResult(ID, table(30), { csv: false, previewRows: 5 }, zh));
    assert.deepEqual(
      slack.calls.map((call) => call.method),
      ['post', 'uploadCsv'],
    );
    const upload = slack.calls[1];
    assert.deepEqual(upload?.method === 'uploadCsv' && upload.file, {
      channel: 'C0',
      threadTs: '1.1',
      ...resultFile(ID, table(30), zh),
    });
    assert.match(upload?.method === 'uploadCsv' ? upload.file.comment : '', /^完整结果 CSV/);
  });

  it('/odps result: a whole result or a failure is the message alone', async () => {
    const slack = fakeSlack();
    const results = new ResultPoster(slack);
    await results.postResult('C0', commandResult(ID, table(3), { csv: false }, en));
    await results.postResult('C0', commandResult(ID, failed, { csv: true }, en));
    assert.deepEqual(
      slack.calls.map((call) => call.method),
      ['post', 'post'],
    );
  });

  it('the steps apart, as the notice takes them: the message where told, the file in the thread named', async () => {
    const slack = fakeSlack();
    const results = new ResultPoster(slack);
    const post = commandResult(ID, text(5000), { csv: false }, en);
    const options = { threadTs: '9.9', kind: 'odps_notice', patientMs: 100 } as const;
    assert.equal(await results.postMessage('C0', post, options), '1.1');
    await results.uploadFile('C0', '1.1', post);
    await results.uploadFile('C0', '1.1', commandResult(ID, failed, { csv: true }, en));
    assert.deepEqual(slack.calls, [
      { method: 'post', channel: 'C0', message: post.message, options },
      { method: 'uploadCsv', file: { channel: 'C0', threadTs: '1.1', ...resultFile(ID, text(5000), en) } },
    ]);
  });
});
