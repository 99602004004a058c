import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TaskStatus } from '../../src/maxcompute/types.ts';
import { SUPPORTED_LOCALES, translator } from '../../src/slack/i18n/catalog.ts';
import { failureMessage } from '../../src/slack/messages/failure.ts';
import { finalNoticeMessage } from '../../src/slack/messages/final-notice.ts';
import { instanceListMessage } from '../../src/slack/messages/instance-list.ts';
import { jobCard } from '../../src/slack/messages/job-card.ts';
import { blockKitProblems } from '../../src/slack/messages/limits.ts';
import type { SlackMessage } from '../../src/slack/messages/message.ts';
import { errorNotice, logviewMessage, notice } from '../../src/slack/messages/notices.ts';
import { resultPreview, textResult } from '../../src/slack/messages/result-preview.ts';
import { statusMessage } from '../../src/slack/messages/status.ts';
import { checkBlocks } from '../../src/slack-standin/index.ts';
import { HOSTILE_MARKUP, inertProblems, mrkdwnStrings } from '../support/inert.ts';
import { FUZZ_RUNS, fuzz } from './fuzz.ts';

/**
 * The Block Kit builders on arbitrary data (SQL, results, column names, error texts, stage strings,
 * owners, task and step names; any Unicode, lone surrogates, markup, very long): every message stays
 * within Block Kit's limits (limits.ts, and the Slack stand-in's own check) and is inert.
 */

/** Text as data brings it: markup pieces, Slack's entities, any Unicode, now and then very long. */
const piece = fc.oneof(
  fc.constantFrom(...HOSTILE_MARKUP, '<', '>', '&', '&amp;', '&lt;', '*', '_', '~', '`', '```', '|', '\n', '\t', ' '),
  fc.constantFrom(
    '<!subteam^S123>',
    '<!date^1^{date}|x>',
    '<mailto:a@b|x>',
    '<tel:1>',
    '<#C1|general>',
    '\u202e',
    '\u200b',
  ),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const text = fc.oneof(
  { weight: 12, arbitrary: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(piece, fc.integer({ min: 100, max: 4000 }))
      .map(([part, times]) => (part || 'x').repeat(Math.ceil(times / Math.max(1, part.length)))),
  },
);
/**
 * Text whose length the product bounds before it reaches a builder (ids, project names, owners and
 * task names are validated or come from MaxCompute's own listings), but whose characters are any.
 */
const bounded = (max: number) => text.map((value) => [...value].slice(0, max).join(''));
const locale = fc.constantFrom(...SUPPORTED_LOCALES);
const userId = fc.stringMatching(/^U0[A-Z0-9]{2,9}$/);
const epochMs = fc.integer({ min: 0, max: 4_102_444_800_000 });
/** Logview links are built by the client from its configuration, every value encoded; tokens run to a few hundred characters. */
const logviewUrl = fc
  .tuple(
    bounded(128),
    bounded(64),
    fc.integer({ min: 150, max: 400 }).map((length) => 'T'.repeat(length)),
  )
  .map(
    ([project, id, token]) =>
      `http://127.0.0.1:8080/logview/?h=http%3A%2F%2Fservice.cn-shanghai.maxcompute.aliyun.com%2Fapi&p=${encodeURIComponent(project)}&i=${encodeURIComponent(id)}&token=${token}`,
  );
const state = fc.constantFrom('running', 'suspended', 'succeeded', 'failed', 'cancelled' as const);
const instanceStatus = fc.constantFrom('Running', 'Suspended', 'Terminated' as const);
const taskStatus = fc.constantFrom(...(Object.values(TaskStatus) as TaskStatus[]));

/** Within both readings of the limits, and inert; a failure says what, not only where. */
export function check(message: SlackMessage): void {
  const verdict = checkBlocks(message.blocks);
  const problems = [
    ...blockKitProblems(message.blocks),
    ...(verdict.ok ? [] : verdict.messages),
    ...mrkdwnStrings(message).flatMap((text) =>
      inertProblems(text).map((problem) => `${problem} in …${JSON.stringify(text.slice(-120))}`),
    ),
  ];
  assert.deepEqual(problems, []);
}

const table = fc.integer({ min: 1, max: 13 }).chain((width) =>
  fc.record({
    columns: fc.array(text, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(fc.option(text, { nil: null }), { minLength: width, maxLength: width }), {
      maxLength: 30,
    }),
  }),
);

describe('Block Kit builders on arbitrary data', () => {
  it(`job card (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'jobCard',
      fc.property(
        fc.record({
          project: bounded(128),
          instanceId: bounded(64),
          requestedBy: fc.oneof(userId, bounded(40)),
          origin: fc.constantFrom('run', 'watch' as const),
          submittedAt: epochMs,
          sql: fc.option(text, { nil: undefined }),
          sqlLength: fc.option(fc.nat({ max: 1_000_000 }), { nil: undefined }),
          state,
          elapsedMs: fc.nat(),
          percent: fc.option(fc.double({ min: -10, max: 200, noNaN: true }), { nil: undefined }),
          stages: fc.option(text, { nil: undefined }),
          logviewUrl: fc.option(logviewUrl, { nil: undefined }),
        }),
        locale,
        (view, language) => check(jobCard(view, translator(language))),
      ),
    );
  });

  it(`result preview and text result (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'resultPreview',
      fc.property(table, fc.integer({ min: 1, max: 99 }), text, locale, (data, maxRows, output, language) => {
        const tr = translator(language);
        check(resultPreview(data, tr, { maxRows, maxColumns: 10, maxCellChars: 80 }).message);
        check(textResult('20160519101349613gzbzufck2', output, tr).message);
      }),
    );
  });

  it(`failure notice, final notice and error notice (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'finalNotice',
      fc.property(
        bounded(64),
        text,
        fc.array(fc.record({ name: fc.option(bounded(256), { nil: undefined }), url: logviewUrl }), {
          maxLength: 12,
        }),
        fc.array(userId, { maxLength: 5 }),
        fc.constantFrom('succeeded', 'failed', 'cancelled', 'abandoned' as const),
        locale,
        fc.option(fc.oneof(userId, bounded(40)), { nil: undefined }),
        (instanceId, errorText, logview, mentions, outcome, language, stopRequestedBy) => {
          const tr = translator(language);
          check(failureMessage(instanceId, errorText, tr));
          check(errorNotice(errorText, instanceId, tr));
          check(notice(errorText, ':warning:'));
          const result =
            outcome === 'failed'
              ? { kind: 'failed' as const, taskName: 't', errorText }
              : { kind: 'text' as const, taskName: 't', text: errorText };
          const { message } = finalNoticeMessage(
            instanceId,
            { outcome, elapsedMs: 1000, result, logview },
            { mentions, ...(stopRequestedBy === undefined ? {} : { stopRequestedBy }) },
            tr,
          );
          check(message);
        },
      ),
    );
  });

  it(`status and list messages (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'status/list',
      fc.property(
        bounded(128),
        bounded(64),
        fc.option(bounded(128), { nil: undefined }),
        fc.array(fc.record({ name: bounded(256), status: taskStatus, stages: fc.option(text, { nil: undefined }) }), {
          maxLength: 22,
        }),
        fc.array(
          fc.record({
            id: bounded(64),
            owner: fc.option(bounded(128), { nil: undefined }),
            status: instanceStatus,
            startTime: fc.option(epochMs, { nil: undefined, freq: 2 }),
          }),
          { maxLength: 15 },
        ),
        fc.option(logviewUrl, { nil: undefined }),
        locale,
        (project, instanceId, owner, tasks, instances, url, language) => {
          const tr = translator(language);
          check(
            statusMessage(
              {
                project,
                instanceId,
                status: 'Running',
                successful: false,
                ...(owner === undefined ? {} : { owner }),
                startTime: new Date(0),
                tasks,
                logviewUrl: url,
              },
              tr,
            ),
          );
          check(
            instanceListMessage(
              {
                project,
                instances: instances.map(({ startTime, ...rest }) => ({
                  ...rest,
                  ...(startTime === undefined ? {} : { startTime: new Date(startTime) }),
                })),
                total: instances.length + 3,
                capped: instances.length % 2 === 0,
                page: 1,
                next: 'x',
              },
              tr,
            ),
          );
        },
      ),
    );
  });

  it(`Logview messages, up to 24 links, often more than fit (${FUZZ_RUNS} runs)`, (t) => {
    const name = fc.option(bounded(256), { nil: undefined, freq: 2 });
    fuzz(
      t,
      'logview',
      fc.property(
        bounded(64),
        fc.array(fc.record({ name, url: logviewUrl }), { maxLength: 24, size: 'max' }),
        locale,
        (instanceId, links, language) => check(logviewMessage(instanceId, links, translator(language))),
      ),
    );
  });
});
