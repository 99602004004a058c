import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_REQUEST_MAX_BYTES, RUN_REQUEST_SQL_MAX_BYTES } from '../../src/tracker/cost-guard-input.ts';
import type { DecisionKind } from '../../src/tracker/run-requests.ts';
import {
  instanceId,
  isInputError,
  newRunRequest,
  type RunRequestStoreFactory,
  withClock,
} from './cost-guard-support.ts';

/** What a store refuses before writing: ids that would break the key, SQL too long, a record too large. */
export function runRequestInputContract(name: string, factory: RunRequestStoreFactory): void {
  describe(`${name}: input checks`, () => {
    const badIds = ['', 'run#123', 'x'.repeat(129), 'has space', 'slash/id', 'ünïcode'];

    it('refuses ids that are not 1-128 of [A-Za-z0-9._:-] in every operation', async () => {
      const { clock, store } = withClock(factory);
      for (const id of badIds) {
        await assert.rejects(store.create(newRunRequest({ id })), isInputError('invalid_field', 'id'), id);
        await assert.rejects(store.get(id), isInputError('invalid_field', 'id'));
        await assert.rejects(store.attachMessages(id, { cardTs: '1.2' }), isInputError('invalid_field', 'id'));
        const decision = { kind: 'approved' as const, by: 'U0001', at: clock.now() };
        await assert.rejects(store.decide(id, decision), isInputError('invalid_field', 'id'));
        await assert.rejects(store.markSubmitted(id, instanceId()), isInputError('invalid_field', 'id'));
      }
      const longest = newRunRequest({ id: `${'A'.repeat(64)}.:-_${'9'.repeat(60)}` });
      assert.equal((await store.create(longest)).created, true, 'a 128-character id is taken');
    });

    it('keeps SQL up to the limit in UTF-8 bytes whole, and refuses one byte more', async () => {
      const { store } = withClock(factory);
      // Three-byte characters: the limit is on bytes, not characters.
      const atLimit =
        '中'.repeat(Math.floor(RUN_REQUEST_SQL_MAX_BYTES / 3)) + 'x'.repeat(RUN_REQUEST_SQL_MAX_BYTES % 3);
      assert.equal(Buffer.byteLength(atLimit), RUN_REQUEST_SQL_MAX_BYTES);
      const kept = newRunRequest({ sql: atLimit });
      await store.create(kept);
      assert.equal((await store.get(kept.id))?.sql, atLimit);
      const tooLong = newRunRequest({ sql: `${atLimit}x` });
      await assert.rejects(store.create(tooLong), (error: unknown) => {
        assert.ok(isInputError('sql_too_long', 'sql')(error));
        assert.equal((error as { limit?: number }).limit, RUN_REQUEST_SQL_MAX_BYTES);
        return true;
      });
      assert.equal(await store.get(tooLong.id), undefined, 'nothing was written');
    });

    it('refuses a record too large as a whole (hints), and empty SQL', async () => {
      const { store } = withClock(factory);
      const hints = Object.fromEntries(
        Array.from({ length: Math.ceil(RUN_REQUEST_MAX_BYTES / 1000) }, (_, i) => [`k${i}`, 'v'.repeat(1000)]),
      );
      const large = newRunRequest({ hints });
      await assert.rejects(store.create(large), isInputError('request_too_large', 'request'));
      assert.equal(await store.get(large.id), undefined);
      await assert.rejects(store.create(newRunRequest({ sql: ' \n' })), isInputError('invalid_field', 'sql'));
    });

    it('refuses a priority out of 0-9, a window that ends before it starts, NaN in the estimate', async () => {
      const { store } = withClock(factory);
      for (const priority of [-1, 10, 2.5]) {
        await assert.rejects(store.create(newRunRequest({ priority })), isInputError('invalid_field', 'priority'));
      }
      const backwards = newRunRequest();
      await assert.rejects(
        store.create({ ...backwards, expiresAt: backwards.createdAt }),
        isInputError('invalid_field', 'expiresAt'),
      );
      const estimate = { inputBytes: Number.NaN, complexity: 1, udfCount: 0 };
      await assert.rejects(store.create(newRunRequest({ estimate })), isInputError('invalid_field', 'inputBytes'));
      await assert.rejects(store.create(newRunRequest({ hints: { '': 'x' } })), isInputError('invalid_field', 'hints'));
    });

    it('refuses a decision of no known kind, without a clicker, or an instance id MaxCompute could not make', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      const at = clock.now();
      const bogus = 'submitted' as DecisionKind;
      await assert.rejects(
        store.decide(request.id, { kind: bogus, by: 'U1', at }),
        isInputError('invalid_field', 'kind'),
      );
      await assert.rejects(
        store.decide(request.id, { kind: 'approved', by: '', at }),
        isInputError('invalid_field', 'by'),
      );
      await assert.rejects(store.markSubmitted(request.id, 'not/an/id'), isInputError('invalid_field', 'instanceId'));
      assert.equal((await store.get(request.id))?.state, 'pending');
    });
  });
}
