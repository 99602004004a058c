import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecideOutcome, DecisionKind, RunRequestStore } from '../../src/tracker/run-requests.ts';
import { newRunRequest, type RunRequestStoreFactory, uniqueRunId, WINDOW_MS, withClock } from './cost-guard-support.ts';

const APPROVER = 'U0APPROVER';
const SECOND_APPROVER = 'U0SECOND';
const SUBMITTER = 'U0001';

/** `decide`: the exactly-once transition out of pending, its window and its gate. */
export function runRequestDecisionContract(name: string, factory: RunRequestStoreFactory): void {
  describe(`${name}: decide`, () => {
    it('decides a pending request once: the record as written, and as read after', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest({ gate: 'confirm', reasons: ['above-confirm'] });
      await store.create(request);
      const decision = { kind: 'confirmed' as const, by: SUBMITTER, at: clock.now() + 1000 };
      const outcome = await store.decide(request.id, decision);
      assert.deepEqual(outcome, { outcome: 'decided', request: { ...request, state: 'confirmed', decision } });
      assert.deepEqual(await store.get(request.id), { ...request, state: 'confirmed', decision });
    });

    it('answers a second approval already, with who approved first', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      const first = { kind: 'approved' as const, by: APPROVER, at: clock.now() };
      await store.decide(request.id, first);
      const second = await store.decide(request.id, { kind: 'approved', by: SECOND_APPROVER, at: clock.now() + 5 });
      assert.equal(second.outcome, 'already');
      assert.deepEqual(second.outcome === 'already' && second.request.decision, first);
    });

    it('answers a Reject after an Approve already approved, even after the window', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      await store.decide(request.id, { kind: 'approved', by: APPROVER, at: clock.now() });
      for (const at of [clock.now() + 10, request.expiresAt + 60_000]) {
        const rejected = await store.decide(request.id, { kind: 'rejected', by: SECOND_APPROVER, at });
        assert.equal(rejected.outcome, 'already');
        assert.equal(rejected.outcome === 'already' && rejected.request.state, 'approved');
        assert.equal(rejected.outcome === 'already' && rejected.request.decision?.kind, 'approved');
        assert.equal(rejected.outcome === 'already' && rejected.request.decision?.by, APPROVER);
      }
    });

    it('lets the submitter cancel, after which nothing else lands', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest({ gate: 'confirm' });
      await store.create(request);
      const cancelled = await store.decide(request.id, { kind: 'cancelled', by: SUBMITTER, at: clock.now() });
      assert.equal(cancelled.outcome === 'decided' && cancelled.request.state, 'cancelled');
      const late = await store.decide(request.id, { kind: 'confirmed', by: SUBMITTER, at: clock.now() + 1 });
      assert.equal(late.outcome, 'already');
      assert.equal(late.outcome === 'already' && late.request.decision?.kind, 'cancelled');
    });

    it('is expired at and after expiresAt, and the request stays pending', async () => {
      const { store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      for (const at of [request.expiresAt, request.expiresAt + 1, request.expiresAt + WINDOW_MS]) {
        assert.deepEqual(await store.decide(request.id, { kind: 'approved', by: APPROVER, at }), {
          outcome: 'expired',
          request: { ...request, state: 'pending' },
        });
      }
      const justInTime = await store.decide(request.id, { kind: 'rejected', by: APPROVER, at: request.expiresAt - 1 });
      assert.equal(justInTime.outcome, 'decided', 'a millisecond before expiresAt is still in time');
    });

    it('refuses a confirmation where an approval is needed, and an approval where a confirmation is', async () => {
      const { clock, store } = withClock(factory);
      const needsApproval = newRunRequest({ gate: 'approval' });
      const needsConfirmation = newRunRequest({ gate: 'confirm' });
      await store.create(needsApproval);
      await store.create(needsConfirmation);
      const at = clock.now();
      const confirmed = await store.decide(needsApproval.id, { kind: 'confirmed', by: SUBMITTER, at });
      assert.deepEqual(confirmed, { outcome: 'wrong-gate', request: { ...needsApproval, state: 'pending' } });
      const approved = await store.decide(needsConfirmation.id, { kind: 'approved', by: APPROVER, at });
      assert.equal(approved.outcome, 'wrong-gate');
      for (const request of [needsApproval, needsConfirmation]) {
        const rejected = await store.decide(request.id, { kind: 'rejected', by: APPROVER, at });
        assert.equal(rejected.outcome, 'decided', `${request.gate}: a rejection ends either gate`);
      }
    });

    it('is missing for an id never created', async () => {
      const { clock, store } = withClock(factory);
      assert.deepEqual(await store.decide(uniqueRunId(), { kind: 'approved', by: APPROVER, at: clock.now() }), {
        outcome: 'missing',
      });
    });

    it('gives exactly one of two concurrent decisions, 25 times over; the other says who won', async () => {
      const { clock, store } = withClock(factory);
      for (let round = 0; round < 25; round++) {
        const request = newRunRequest();
        await store.create(request);
        const kinds: DecisionKind[] = round % 2 === 0 ? ['approved', 'approved'] : ['approved', 'rejected'];
        const outcomes = await Promise.all(
          kinds.map((kind, i) => store.decide(request.id, { kind, by: `U0CLICK${i}`, at: clock.now() })),
        );
        assertOneWinner(outcomes);
        const winner = outcomes.find((outcome) => outcome.outcome === 'decided');
        assert.deepEqual(await store.get(request.id), winner?.outcome === 'decided' ? winner.request : undefined);
      }
    });

    it('gives exactly one of 20 concurrent approvals', async () => {
      const { clock, store } = withClock(factory);
      const request = newRunRequest();
      await store.create(request);
      const outcomes = await decideConcurrently(store, request.id, 20, clock.now());
      assertOneWinner(outcomes);
    });
  });
}

function decideConcurrently(store: RunRequestStore, id: string, count: number, at: number): Promise<DecideOutcome[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => store.decide(id, { kind: 'approved', by: `U0CLICK${i}`, at })),
  );
}

/** One decided; every other says already, naming the winner's decision. */
function assertOneWinner(outcomes: readonly DecideOutcome[]): void {
  const decided = outcomes.filter((outcome) => outcome.outcome === 'decided');
  assert.equal(decided.length, 1, JSON.stringify(outcomes.map((outcome) => outcome.outcome)));
  const winner = decided[0]?.outcome === 'decided' ? decided[0].request.decision : undefined;
  for (const outcome of outcomes) {
    if (outcome.outcome === 'decided') continue;
    assert.equal(outcome.outcome, 'already');
    assert.deepEqual(outcome.outcome === 'already' && outcome.request.decision, winner);
  }
}
