import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpiringCache } from '../../src/identity/expiring-cache.ts';
import { ManualClock } from '../support/manual-clock.ts';

function counting<V>(value: V) {
  const calls = { count: 0 };
  const load = async () => {
    calls.count++;
    return value;
  };
  return { calls, load };
}

describe('ExpiringCache', () => {
  it('keeps a load for ttlMs after it succeeded, then loads again', async () => {
    const clock = new ManualClock();
    const cache = new ExpiringCache<string, number>({ ttlMs: 60_000, maxEntries: 10, now: () => clock.now() });
    const { calls, load } = counting(7);
    assert.equal(await cache.get('a', load), 7);
    clock.advance(59_999);
    assert.equal(await cache.get('a', load), 7);
    assert.equal(calls.count, 1);
    clock.advance(1);
    await cache.get('a', load);
    assert.equal(calls.count, 2);
  });

  it('shares one load among concurrent callers', async () => {
    const clock = new ManualClock();
    const cache = new ExpiringCache<string, number>({ ttlMs: 1000, maxEntries: 10, now: () => clock.now() });
    let release: (value: number) => void = () => {};
    let calls = 0;
    const load = () => {
      calls++;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const both = Promise.all([cache.get('a', load), cache.get('a', load)]);
    clock.advance(5000);
    assert.equal(calls, 1, 'in flight: not expired, however long it takes');
    release(3);
    assert.deepEqual(await both, [3, 3]);
  });

  it('keeps no failure: the next caller loads again', async () => {
    const clock = new ManualClock();
    const cache = new ExpiringCache<string, number>({ ttlMs: 60_000, maxEntries: 10, now: () => clock.now() });
    await assert.rejects(
      cache.get('a', async () => {
        throw new Error('down');
      }),
      /down/,
    );
    assert.equal(await cache.get('a', async () => 1), 1);
  });

  it('holds at most maxEntries, dropping the one made longest ago', async () => {
    const clock = new ManualClock();
    const cache = new ExpiringCache<string, string>({ ttlMs: 60_000, maxEntries: 2, now: () => clock.now() });
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    assert.equal(cache.size, 2);
    const { calls, load } = counting('again');
    assert.equal(await cache.get('b', load), 'b', 'b is kept');
    assert.equal(await cache.get('a', load), 'again', 'a was dropped');
    assert.equal(calls.count, 1);
  });

  it('refuses a size of none', () => {
    assert.throws(() => new ExpiringCache({ ttlMs: 1, maxEntries: 0, now: Date.now }), RangeError);
  });
});
