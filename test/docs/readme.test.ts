import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { DEMO_ACCOUNT, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { MaxComputeClient } from '../../src/maxcompute/index.ts';
import { DEFAULT_POLLER_OPTIONS } from '../../src/tracker/poller.ts';

/**
 * The README is the first thing a newcomer reads: what it says about versions, timings and the
 * seeded tables must be true of the code, and its sample queries must run.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
};

describe('the README', () => {
  it('gives the two commands before anything long', () => {
    const commands = README.indexOf('## Two commands');
    assert.ok(commands > 0);
    assert.equal(README.indexOf('## '), commands, 'the first section');
    assert.ok(README.indexOf('npm install && npm start') < README.indexOf('## Where it stands'));
  });

  it('names the Node version package.json requires', () => {
    const version = PACKAGE.engines.node.replace(/^>=/, '');
    assert.match(README, new RegExp(`Node ${version.replaceAll('.', '\\.')} or newer`));
  });

  it('gives the poll interval of each place as the code has it', () => {
    const local = loadConfig({}, 'local').poll.tickIntervalMs / 1000;
    const aws = DEFAULT_POLLER_OPTIONS.tickIntervalMs / 1000;
    assert.match(README, new RegExp(`every ${local} s locally`));
    assert.match(README, new RegExp(`${aws} s on AWS`));
  });

  it('never promises the full result: the result API’s cap is said', () => {
    assert.doesNotMatch(README, /the full CSV|the whole CSV/);
    assert.match(README, /at most 10,000 rows/);
  });

  it('says that every query runs under the bot’s one account', () => {
    assert.match(README, /In bot mode[^\n]*\*\*: Every query runs under the bot's one MaxCompute account/);
  });
});

describe('the README’s seeded tables', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ projects: ['odps_demo'], defaultDurationMs: 10 });
  });
  after(() => emulator?.close());

  const rows = [...README.matchAll(/^\| `(\w+)` \| [^|]+ \| `\/odps run ([^`]+)` \|$/gm)];

  it('lists pyodps_iris, t_users and orders, each with a query to try', () => {
    assert.deepEqual(
      rows.map((row) => row[1]),
      ['pyodps_iris', 't_users', 'orders'],
    );
  });

  for (const [, table, sql] of rows) {
    it(`${table}: its sample query runs and returns rows`, async () => {
      assert.ok(sql?.includes(table ?? '?'));
      const client = new MaxComputeClient({
        endpoint: emulator.endpoint,
        project: 'odps_demo',
        credentials: DEMO_ACCOUNT,
      });
      const instance = await client.runSql(sql ?? '');
      await instance.waitForSuccess({ timeoutMs: 10_000 });
      assert.ok((await instance.getResultTable()).rows.length > 0);
    });
  }
});
