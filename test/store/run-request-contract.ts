import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunRequest } from '../../src/tracker/run-requests.ts';
import {
  DAY_MS,
  fullRunRequest,
  instanceId,
  newRunRequest,
  type RunRequestStoreFactory,
  uniqueRunId,
  WINDOW_MS,
  withClock,
} from './cost-guard-support.ts';
import { runRequestDecisionContract } from './run-request-decision-contract.ts';
import { runRequestInputContract } from './run-request-input-contract.ts';

const APPROVER = 'U0APPROVER';
const SUBMITTER = 'U0001';

/** The behaviour every RunRequestStore adapter must share, registered under `describe(name)`. */
export function runRequestStoreContract(name: string, factory: RunRequestStoreFactory): void {
  describe(`${name}: create and get`, () => {
    it('creates a pending request and reads every field back; optional fields stay absent', async () => {
      const { store } = withClock(factory);
      const full = fullRunRequest();
      const expected: RunRequest = { ...full, state: 'pending' };
      assert.deepEqual(await store.create(full), { created: true, request: expected });
      assert.deepEqual(await store.get(full.id), expected);
      const bare = newRunRequest({ gate: 'confirm', reasons: ['estimate-failed'] });
      const withFailure = { ...bare, estimateError: { code: 'ODPS-0130071', message: 'Semantic analysis exception' } };
      await store.create(withFailure);
      const read = await store.get(bare.id);
      assert.deepEqual(read, { ...withFailure, state: 'pending' });
      assert.equal(read && ('price' in read || 'decision' in read || 'instanceId' in read), false);
    });

    it('keeps the first record when the id is created again (a redelivered hand-off), even once decided', async () => {
      const { clock, store } = withClock(factory);
      const first = newRunRequest();
      await store.create(first);
      const again = { ...first, sql: 'select 2', userId: 'U0999', gate: 'confirm' as const };
      assert.deepEqual(await store.create(again), { created: false, request: { ...first, state: 'pending' } });
      await store.decide(first.id, { kind: 'approved', by: APPROVER, at: clock.now() });
      const { created, request } = await store.create(again);
      assert.equal(created, false);
      assert.equal(request.state, 'approved');
      assert.equal(request.sql, first.sql);
    });

    it('gives exactly one created of 10 concurrent creates of one id', async () => {
      const { store } = withClock(factory);
      const id = uniqueRunId();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.create(newRunRequest({ id, sql: `select ${i}` }))),
      );
      const created = results.filter((result) => result.created);
      assert.equal(created.length, 1);
      for (const result of results) assert.equal(result.request.sql, created[0]?.request.sql);
    });

    it('gets undefined for an id never created', async () => {
      const { store } = withClock(factory);
      assert.equal(await store.get(uniqueRunId()), undefined);
    });

    it('keeps the record for the retention after its window: a late read finds it, a later one does not', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      clock.advance(WINDOW_MS + 6 * DAY_MS);
      assert.equal((await store.get(request.id))?.state, 'pending', 'six days after the window');
      clock.advance(DAY_MS + 2000);
      assert.equal(await store.get(request.id), undefined, 'seven days after the window');
      assert.deepEqual(await store.decide(request.id, { kind: 'approved', by: APPROVER, at: clock.now() }), {
        outcome: 'missing',
      });
      const { created } = await store.create({ ...request, createdAt: clock.now(), expiresAt: clock.now() + 60_000 });
      assert.equal(created, true, 'a lapsed record no longer holds its id');
    });
  });

  describe(`${name}: attachMessages`, () => {
    it('sets the card and the approval message, each keeping the other', async () => {
      const { store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      const withCard = await store.attachMessages(request.id, { cardTs: '1710491400.000300' });
      assert.equal(withCard?.cardTs, '1710491400.000300');
      const approvalMessage = { channelId: 'C0APPROVALS', ts: '1710491401.000400' };
      const both = await store.attachMessages(request.id, { approvalMessage });
      assert.deepEqual(both, { ...request, state: 'pending', cardTs: '1710491400.000300', approvalMessage });
      assert.deepEqual(await store.get(request.id), both);
      assert.deepEqual(await store.attachMessages(request.id, {}), both, 'nothing to set: the record as it is');
    });

    it('is undefined for a missing request, and creates nothing', async () => {
      const { store } = withClock(factory);
      const id = uniqueRunId();
      assert.equal(await store.attachMessages(id, { cardTs: '1.2' }), undefined);
      assert.equal(await store.get(id), undefined);
    });
  });

  describe(`${name}: markSubmitted`, () => {
    it('records the submission of a confirmed or approved request, and again with the same instance', async () => {
      const { clock, store } = withClock(factory);
      for (const [gate, kind] of [
        ['confirm', 'confirmed'],
        ['approval', 'approved'],
      ] as const) {
        const request = newRunRequest({ gate });
        await store.create(request);
        await store.decide(request.id, { kind, by: SUBMITTER, at: clock.now() });
        const instance = instanceId();
        const first = await store.markSubmitted(request.id, instance);
        assert.equal(first.outcome, 'submitted');
        assert.equal(first.outcome === 'submitted' && first.request.state, 'submitted');
        assert.deepEqual(first.outcome === 'submitted' && first.request.decision?.kind, kind, 'the decision stays');
        assert.deepEqual(await store.markSubmitted(request.id, instance), first, 'a retry with the same instance');
        assert.deepEqual(await store.get(request.id), first.outcome === 'submitted' ? first.request : undefined);
      }
    });

    it('refuses a pending, rejected or cancelled request, and another instance once submitted', async () => {
      const { clock, store } = withClock(factory);
      const pending = newRunRequest();
      await store.create(pending);
      const refusedPending = await store.markSubmitted(pending.id, instanceId());
      assert.deepEqual(refusedPending, { outcome: 'refused', request: { ...pending, state: 'pending' } });
      for (const kind of ['rejected', 'cancelled'] as const) {
        const request = newRunRequest();
        await store.create(request);
        await store.decide(request.id, { kind, by: APPROVER, at: clock.now() });
        const refused = await store.markSubmitted(request.id, instanceId());
        assert.equal(refused.outcome, 'refused');
        assert.equal((await store.get(request.id))?.instanceId, undefined);
      }
      const submitted = newRunRequest();
      await store.create(submitted);
      await store.decide(submitted.id, { kind: 'approved', by: APPROVER, at: clock.now() });
      const first = instanceId();
      await store.markSubmitted(submitted.id, first);
      const other = await store.markSubmitted(submitted.id, instanceId());
      assert.equal(other.outcome, 'refused');
      assert.equal(other.outcome === 'refused' && other.request.instanceId, first);
    });

    it('is missing for an id never created', async () => {
      const { store } = withClock(factory);
      assert.deepEqual(await store.markSubmitted(uniqueRunId(), instanceId()), { outcome: 'missing' });
    });
  });

  runRequestDecisionContract(name, factory);
  runRequestInputContract(name, factory);
}
