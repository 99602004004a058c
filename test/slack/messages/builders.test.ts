import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ResultTable } from '../../../src/maxcompute/types.ts';
import { SUPPORTED_LOCALES, translator } from '../../../src/slack/i18n/catalog.ts';
import { failureMessage } from '../../../src/slack/messages/failure.ts';
import { instanceListMessage } from '../../../src/slack/messages/instance-list.ts';
import { type JobCardView, jobCard } from '../../../src/slack/messages/job-card.ts';
import { blockKitProblems } from '../../../src/slack/messages/limits.ts';
import type { SlackMessage } from '../../../src/slack/messages/message.ts';
import { errorNotice, helpMessage, logviewMessage, notice } from '../../../src/slack/messages/notices.ts';
import { resultPreview, textResult } from '../../../src/slack/messages/result-preview.ts';
import { statusMessage } from '../../../src/slack/messages/status.ts';
import { assertInert as assertInertWith } from '../../support/inert.ts';

const HOSTILE = '<!channel> <!here> <@U123ABC> <#C999> <https://evil.example|click> & <b>';
const ID = '20261123043738049gqt7xqseb';

/** The Logview links these tests build point at made-up hosts; the hostile one is evil.example. */
const assertInert = (message: SlackMessage) =>
  assertInertWith(message, 'message', { trustedUrl: /^https?:\/\/(?!evil\.)[^\s<>|]*$/ });

function card(overrides: Partial<JobCardView> = {}): JobCardView {
  return {
    project: 'odps_demo',
    instanceId: ID,
    requestedBy: 'U0ALICE',
    origin: 'run',
    submittedAt: Date.UTC(2026, 10, 23, 8, 15),
    sql: `select '${HOSTILE}' as x`,
    state: 'running',
    elapsedMs: 192_000,
    percent: 64,
    stages: 'M1_job_0:0/1/1[100%]\tR2_1_job_0:2/0/4(+1 backups)[25%]\t',
    logviewUrl: 'http://127.0.0.1:1/logview/?h=x&p=odps_demo&i=1&token=t',
    ...overrides,
  };
}

function wideTable(rows: number, columns: number, cell: (r: number, c: number) => string | null): ResultTable {
  return {
    columns: Array.from({ length: columns }, (_, c) => `col_${c}`),
    rows: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cell(r, c))),
  };
}

for (const locale of SUPPORTED_LOCALES) {
  const t = translator(locale);
  describe(`message builders (${locale})`, () => {
    it('job card in every state is within limits, with Stop only while active', () => {
      for (const state of ['running', 'suspended', 'succeeded', 'failed', 'cancelled', 'withheld'] as const) {
        const message = jobCard(card({ state }), t);
        assert.deepEqual(blockKitProblems(message.blocks), []);
        assertInert(message);
        const actions = message.blocks.find((block) => block.type === 'actions');
        const ids =
          actions?.type === 'actions' ? actions.elements.map((e) => ('action_id' in e ? e.action_id : '')) : [];
        assert.equal(ids.includes('odps_stop'), state === 'running' || state === 'suspended', state);
      }
    });

    it('job card bold runs stand apart from the text around them, or Slack prints the asterisks', () => {
      // Slack only reads *bold* when the asterisks touch a space, a line edge or ASCII punctuation:
      // `*成功*，用时` shows the asterisks. Every state, in every language.
      for (const state of ['running', 'suspended', 'succeeded', 'failed', 'cancelled'] as const) {
        const section = jobCard(card({ state }), t).blocks[0];
        const text = section?.type === 'section' ? (section.text?.text ?? '') : '';
        for (const match of text.matchAll(/\*[^*\n]+\*/g)) {
          const before = text[match.index - 1] ?? ' ';
          const after = text[match.index + match[0].length] ?? ' ';
          assert.match(before, /[\s(]/, `${state}: ${text}`);
          assert.match(after, /[\s).,;:!?]/, `${state}: ${text}`);
        }
      }
    });

    it('job card says who MaxCompute saw run it: the role and session, or the bot for an unmapped person', () => {
      const meta = (view: JobCardView) =>
        JSON.stringify(jobCard(view, t).blocks.find((block) => block.block_id === 'meta'));
      const roleArn = 'acs:ram::1234567890123456:role/odps-analyst';
      const asRole = meta(card({ runAs: { kind: 'person', userId: 'U0ADA', roleArn, sessionName: 'slack.U0ADA' } }));
      assert.match(asRole, /`odps-analyst`/);
      assert.match(asRole, /`slack\.U0ADA`/);
      assert.doesNotMatch(asRole, /acs:ram/, 'the account id stays off the card');
      assert.match(meta(card({ runAs: { kind: 'bot' } })), locale === 'en' ? /bot’s account/ : /机器人账号/);
      assert.doesNotMatch(meta(card()), /slack\.|bot’s account|机器人账号/, 'nothing said in bot mode');
    });

    it('job card keeps a 10,000-character SQL within limits and says it was cut', () => {
      const message = jobCard(card({ sql: `select\n${'a, '.repeat(5000)}1` }), t);
      assert.deepEqual(blockKitProblems(message.blocks), []);
      assert.ok(message.blocks.some((block) => block.block_id === 'sql_note'));
    });

    it('result preview of 10,000 rows x 30 columns fits and asks for the CSV', () => {
      const table = wideTable(10_000, 30, (r, c) => (c === 3 ? null : `${HOSTILE} ${r}-${c} 数据`));
      const preview = resultPreview(table, t);
      assert.deepEqual(blockKitProblems(preview.message.blocks), []);
      assert.equal(preview.complete, false);
      assertInert(preview.message);
    });

    it('a small result is complete, NULL shown as ∅ and empty strings never empty cells', () => {
      const preview = resultPreview(
        {
          columns: ['a', 'b'],
          rows: [
            ['1', null],
            ['', 'x'],
          ],
        },
        t,
      );
      assert.equal(preview.complete, true);
      assert.deepEqual(blockKitProblems(preview.message.blocks), []);
      assert.ok(JSON.stringify(preview.message.blocks).includes('∅'));
    });

    it('long Chinese cells are cut by characters, not bytes', () => {
      const preview = resultPreview({ columns: ['名字'], rows: [['汉'.repeat(500)]] }, t);
      const table = preview.message.blocks.find((block) => block.type === 'table');
      assert.ok(table?.type === 'table');
      const cell = table.rows[1]?.[0];
      assert.ok(cell?.type === 'raw_text' && [...cell.text].length === 80);
      assert.equal(preview.complete, false);
    });

    it('status, list, logview, failure, help, notices and errors are inert and within limits', () => {
      const messages = [
        statusMessage(
          {
            project: 'odps_demo',
            instanceId: ID,
            status: 'Running',
            successful: false,
            owner: `ALIYUN$${HOSTILE}`,
            startTime: new Date(),
            tasks: [{ name: 'AnonymousSQLTask', status: 'RUNNING', stages: 'M1_job_0:0/1/1[100%]\t' }],
            logviewUrl: 'http://h/logview/?h=x|y&p=p&i=1',
          },
          t,
        ),
        instanceListMessage(
          {
            project: 'odps_demo',
            instances: Array.from({ length: 15 }, (_, n) => ({
              id: `${ID}${n}`,
              status: 'Running' as const,
              owner: HOSTILE,
            })),
            total: 300,
            capped: true,
            page: 1,
            next: '{"s":"all","p":"odps_demo","m":86400000,"g":2}',
          },
          t,
        ),
        logviewMessage(ID, [{ url: 'http://h/1' }, { name: HOSTILE, url: 'http://h/2' }], t),
        failureMessage(ID, `ODPS-0130161:[1,8] Parse exception - ${HOSTILE}`, t),
        textResult(ID, `${HOSTILE}\n`.repeat(2000), t).message,
        helpMessage(t),
        notice(t('stop.requested', { instanceId: HOSTILE })),
        errorNotice(t('error.maxcompute', { code: HOSTILE }), HOSTILE, t),
      ];
      for (const message of messages) {
        assert.deepEqual(blockKitProblems(message.blocks), []);
        assertInert(message);
      }
    });
  });
}

describe('result preview properties', () => {
  it('any table yields a preview within limits whose data cannot mention anyone', () => {
    const cell = fc.option(fc.string({ unit: 'grapheme', maxLength: 300 }), { nil: null });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.array(cell, { minLength: 40, maxLength: 40 }), { maxLength: 150 }),
        fc.constantFrom(...SUPPORTED_LOCALES),
        (columns, rows, locale) => {
          const table = {
            columns: Array.from({ length: columns }, (_, c) => `c${c}`),
            rows: rows.map((row) => row.slice(0, columns)),
          };
          const preview = resultPreview(table, translator(locale));
          assert.deepEqual(blockKitProblems(preview.message.blocks), []);
          assertInert(preview.message);
        },
      ),
      { numRuns: 300 },
    );
  });
});
