import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/observability/logger.ts';
import {
  ExportProgress,
  exportCancelKey,
  PROGRESS_INTERVAL_MS,
  PROGRESS_MIN_ROWS,
} from '../../src/slack/export-progress.ts';
import { translator } from '../../src/slack/i18n/catalog.ts';
import { parseExportCancelValue, type SlackMessage } from '../../src/slack/messages/message.ts';

/** The status line's rules with a recording Slack, a flag set and a hand-turned clock. */
function harness(options: { failUpdates?: boolean } = {}) {
  let now = 0;
  const flags = new Set<string>();
  const drawn: string[] = [];
  const posted: SlackMessage[] = [];
  const slack = {
    post: async (_channel: string, message: SlackMessage) => {
      drawn.push(message.text);
      posted.push(message);
      return '1.1';
    },
    update: async (_channel: string, _ts: string, message: SlackMessage) => {
      if (options.failUpdates) throw new Error('ratelimited');
      drawn.push(message.text);
    },
  };
  const deps = {
    slack,
    store: { isClaimed: async (key: string) => flags.has(key) },
    logger: silentLogger,
    now: () => now,
  };
  return { deps, flags, drawn, posted, advance: (ms: number) => (now += ms) };
}

const place = { channel: 'C0', threadTs: '1.0' };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('an export’s status line', () => {
  it('is not posted for an export shorter than the threshold', async () => {
    const { deps, drawn } = harness();
    const progress = new ExportProgress(deps, place, translator('en'), PROGRESS_MIN_ROWS - 1, 'U0USER');
    await progress.start();
    progress.rows(10);
    await progress.finish('done', PROGRESS_MIN_ROWS - 1);
    assert.deepEqual(drawn, []);
  });

  it('is redrawn at most once per interval, and ends in its last state', async () => {
    const { deps, drawn, advance } = harness();
    const progress = new ExportProgress(deps, place, translator('en'), 200_000, 'U0USER');
    await progress.start();
    progress.rows(1000);
    advance(PROGRESS_INTERVAL_MS);
    progress.rows(50_000);
    progress.rows(60_000);
    await settle();
    await progress.finish('done', 200_000);
    assert.deepEqual(drawn, [
      'Exporting the whole result through the Instance Tunnel: 0 of 200,000 rows (0%).',
      'Exporting the whole result through the Instance Tunnel: 50,000 of 200,000 rows (25%).',
      'Whole result exported: 200,000 rows.',
    ]);
  });

  it('aborts its signal once its own cancel flag is set, and a failed redraw fails nothing', async () => {
    const { deps, flags, posted, advance } = harness({ failUpdates: true });
    const progress = new ExportProgress(deps, place, translator('zh-CN'), 200_000, 'U0USER');
    await progress.start();
    const value = parseExportCancelValue(/"value":"([^"]+)"/.exec(JSON.stringify(posted[0]?.blocks))?.[1] ?? '');
    assert.equal(value?.requestedBy, 'U0USER');
    flags.add(exportCancelKey('0123456789abcdef'));
    advance(PROGRESS_INTERVAL_MS);
    progress.rows(10);
    await settle();
    assert.equal(progress.cancelled, false, 'another export’s flag does not cancel it');
    flags.add(exportCancelKey(value?.exportId ?? ''));
    advance(PROGRESS_INTERVAL_MS);
    progress.rows(20);
    await settle();
    assert.equal(progress.cancelled, true);
    assert.equal(progress.signal.aborted, true);
    await progress.finish('cancelled', 20);
  });
});
