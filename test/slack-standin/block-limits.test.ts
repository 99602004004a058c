import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Logger, LogLevel, type WebAPIPlatformError } from '@slack/web-api';
import { BLOCK_LIMITS, checkBlocks } from '../../src/slack-standin/index.ts';
import { useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();
/** The WebClient logs Slack's "[ERROR] …" validation lines; these tests provoke them on purpose. */
const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
const client = webClientFor(standin, { logger: silent });

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
const cell = (text: string) => ({ type: 'raw_text', text });
const table = (rows: number, cells: number, text = 'v') => ({
  type: 'table',
  rows: Array.from({ length: rows }, () => Array.from({ length: cells }, () => cell(text))),
});

const rejected: [string, { type: string }[], string][] = [
  ['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), 'invalid_blocks'],
  ['a 3,001-character section', [section('x'.repeat(3001))], 'invalid_blocks'],
  ['a 151-character header', [header('h'.repeat(151))], 'invalid_blocks'],
  ['a table of 101 rows', [table(101, 2)], 'invalid_blocks'],
  ['a table row of 21 cells', [table(2, 21)], 'invalid_blocks'],
  ['an empty raw_text cell', [table(1, 2, '')], 'invalid_blocks'],
  ['two tables', [table(2, 2), table(2, 2)], 'invalid_blocks'],
  [
    '5 sections of 2,500 characters (12,500 in total)',
    Array.from({ length: 5 }, () => section('y'.repeat(2500))),
    'msg_blocks_too_long',
  ],
];

describe('Block Kit limits on chat.postMessage and chat.update', () => {
  for (const [what, blocks, error] of rejected) {
    it(`rejects ${what} with ${error}`, async () => {
      await assert.rejects(
        client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks }),
        (thrown: WebAPIPlatformError) => {
          assert.equal(thrown.data.error, error);
          assert.ok((thrown.data.response_metadata?.messages ?? []).length > 0, 'names the offending block');
          return true;
        },
      );
    });
  }

  it('accepts layouts right at the limits', async () => {
    const atLimits = [
      header('h'.repeat(BLOCK_LIMITS.headerText)),
      section('x'.repeat(BLOCK_LIMITS.sectionText)),
      table(BLOCK_LIMITS.tableRows, BLOCK_LIMITS.tableCellsPerRow, 'v'),
      ...Array.from({ length: BLOCK_LIMITS.blocksPerMessage - 3 }, () => ({ type: 'divider' })),
    ];
    assert.equal((await client.chat.postMessage({ channel: 'C1', text: 'ok', blocks: atLimits })).ok, true);
  });

  it('checks chat.update too, leaving the message as it was', async () => {
    const posted = await client.chat.postMessage({ channel: 'C2', text: 'card', blocks: [section('fine')] });
    await assert.rejects(
      client.chat.update({ channel: 'C2', ts: posted.ts as string, text: 'card', blocks: [header('h'.repeat(200))] }),
      /invalid_blocks/,
    );
    assert.deepEqual(standin.channel('C2')[0]?.blocks, [section('fine')]);
  });

  it('answers invalid_blocks_format for blocks that are not a JSON array', () => {
    assert.deepEqual(checkBlocks('[{"type":'), {
      ok: false,
      error: 'invalid_blocks_format',
      messages: ['[ERROR] expected an array [json-pointer:/blocks]'],
    });
  });
});
