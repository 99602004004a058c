import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { machine, processSampler } from './support/machine.ts';
import { saveResult } from './support/results.ts';
import { startReliabilityStack } from './support/stack.ts';
import { ms, spreadText } from './support/stats.ts';
import { SLACK_ACK_LIMIT_MS, sendTraffic, settle, summary, tally } from './support/traffic.ts';

/**
 * Load (issue #6): 2,000 signed slash commands over 60 s from 50 users in 20 channels, over real HTTP
 * to Bolt's HTTPReceiver, against the local stack with one poller loop (as `npm start` runs it). Every
 * command is answered within Slack's 3 s, every run is tracked and gets exactly one notice in its
 * card's thread, every card is finished, nothing is lost. RELIABILITY_LOAD_COMMANDS and
 * RELIABILITY_LOAD_SECONDS scale it down for a quick look.
 */
const COMMANDS = Number(process.env.RELIABILITY_LOAD_COMMANDS ?? 2000);
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60);
const SETTLE_MS = 180_000;

const stack = await startReliabilityStack({ pollers: 1 });
after(() => stack.close());

describe(`load: ${COMMANDS} commands in ${SECONDS} s`, () => {
  it('answers every command within 3 s and delivers every notice exactly once', async () => {
    const sampler = processSampler();
    const started = Date.now();
    const sent = await sendTraffic(stack, {
      commands: COMMANDS,
      durationMs: SECONDS * 1000,
      users: 50,
      channels: 20,
      mix: { run: 4, status: 2.5, list: 1.5, help: 2 },
      seed: 6,
      channelPrefix: 'C0LOAD',
    });
    const sendingMs = Date.now() - started;
    const settled = await settle(stack, SETTLE_MS);
    const usage = sampler.stop();
    const result = await tally(stack, sent);
    const counters = await stack.counters();
    const emulator = await stack.emulator.stats();
    const slackCalls = stack.standin.calls().length;
    const ticks = stack.ticks.filter((tick) => tick.tracked > 0);
    const record = {
      machine: machine(),
      plan: { commands: COMMANDS, seconds: SECONDS, users: 50, channels: 20, pollers: 1 },
      sendingMs,
      settleMs: settled.ms,
      settled: settled.settled,
      process: usage,
      ...summary(result),
      requests: { maxcompute: emulator.requests, dynamodb: counters['dynamodb.requests'], slack: slackCalls },
      ticks: {
        count: ticks.length,
        maxMs: Math.round(Math.max(0, ...ticks.map((tick) => tick.ms))),
        maxNotices: Math.max(0, ...ticks.map((tick) => tick.notices)),
      },
    };
    saveResult('load', record);
    console.log(
      [
        `load: ${result.commands} commands (${JSON.stringify(result.byKind)}) sent in ${ms(sendingMs)}, settled ${settled.settled} after ${ms(settled.ms)}`,
        `ack p50/p95/p99/max ${spreadText(result.ack)}; non-200 ${result.non200}; over 3 s ${result.overSlackLimit}; deferred ${result.deferred}`,
        `runs ${result.runs}, instances ${result.instances}, untracked ${result.untracked}, notices ${result.notices}, duplicates ${result.duplicates}, lost ${result.lost}, cards not final ${result.cardsNotFinal}`,
        `notice latency p50/p95/p99/max ${spreadText(result.noticeLatency)}; CSV ${result.csvFiles} (dups ${result.csvDuplicates}); events ${result.events} (dups ${result.eventDuplicates})`,
        `process: ${JSON.stringify(usage)}; requests ${JSON.stringify(record.requests)}; ticks ${JSON.stringify(record.ticks)}`,
      ].join('\n'),
    );
    assert.deepEqual(
      {
        settled: settled.settled,
        non200: result.non200,
        overSlackLimit: result.overSlackLimit,
        deferredUnanswered: result.deferredUnanswered,
        untracked: result.untracked,
        runsAccepted: result.runsAccepted,
        noticedOnce: result.instancesNoticed,
        duplicates: result.duplicates,
        lost: result.lost,
        cardsNotFinal: result.cardsNotFinal,
        stillActive: result.stillActive,
        csvDuplicates: result.csvDuplicates,
        events: result.events,
        eventDuplicates: result.eventDuplicates,
      },
      {
        settled: true,
        non200: 0,
        overSlackLimit: 0,
        deferredUnanswered: 0,
        untracked: 0,
        runsAccepted: result.runs,
        noticedOnce: result.runs,
        duplicates: 0,
        lost: 0,
        cardsNotFinal: 0,
        stillActive: 0,
        csvDuplicates: 0,
        events: result.runs,
        eventDuplicates: 0,
      },
      `lost runs: ${result.lostRuns.slice(0, 5).join('; ')}`,
    );
    assert.ok(result.ack.max <= SLACK_ACK_LIMIT_MS);
  });
});
