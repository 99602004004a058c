import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardMayBeRedrawn, type NoticeState } from '../../src/tracker/tracked-instance.ts';

/** The record's rule for redrawing a job card: a final card is never replaced by a running one. */
const CLAIMED: NoticeState = { state: 'claimed', token: 't', leaseUntil: 1 };
const DONE: NoticeState = { state: 'done', token: 't', leaseUntil: 1 };

describe('cardMayBeRedrawn', () => {
  it('a running card may be redrawn with a running or suspended state', () => {
    assert.equal(cardMayBeRedrawn({ status: 'Running' }, 'Running'), true);
    assert.equal(cardMayBeRedrawn({ status: 'Suspended' }, 'Suspended'), true);
    assert.equal(cardMayBeRedrawn({ status: 'Running' }, 'Suspended'), true);
  });

  it('a final card (its notice under way or done, or its last status Terminated) is not redrawn as running', () => {
    for (const record of [
      { status: 'Running', notice: CLAIMED },
      { status: 'Terminated', notice: DONE },
      { status: 'Terminated' },
    ] as const) {
      assert.equal(cardMayBeRedrawn(record, 'Running'), false, JSON.stringify(record));
      assert.equal(cardMayBeRedrawn(record, 'Suspended'), false, JSON.stringify(record));
    }
  });

  it('a card drawn from an ended state is final itself: always allowed', () => {
    for (const record of [{ status: 'Running' }, { status: 'Terminated', notice: DONE }] as const) {
      assert.equal(cardMayBeRedrawn(record, 'Terminated'), true);
    }
  });
});
