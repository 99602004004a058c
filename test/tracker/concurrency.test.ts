import { describe, it } from 'node:test';
import { MemoryInstanceStore } from '../../src/store/memory-instance-store.ts';
import { POLLERS, pollersRace } from '../support/tracker-load.ts';

/**
 * Four pollers (overlapping invocations) over 1,000 tracked instances: every instance gets exactly
 * one notice in its card's thread and exactly one Instance Terminated event. The same race on
 * DynamoDB (dynalite) is in concurrency-dynamodb.test.ts.
 */

const COUNT = 1000;

describe(`${POLLERS} pollers at once over ${COUNT} tracked instances`, () => {
  it('MemoryInstanceStore: exactly one notice and one Instance Terminated event per instance', async () => {
    await pollersRace('MemoryInstanceStore', new MemoryInstanceStore(), COUNT);
  });
});
