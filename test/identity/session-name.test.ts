import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdentityInputError } from '../../src/identity/identity-input.ts';
import { sessionNameFor } from '../../src/identity/session-name.ts';

/** STS's rule for RoleSessionName. */
const STS_SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

describe('sessionNameFor', () => {
  it('is slack.<user id>, the same every time', () => {
    assert.equal(sessionNameFor('U0ADA'), 'slack.U0ADA');
    assert.equal(sessionNameFor('W0GRIDUSER'), 'slack.W0GRIDUSER');
    assert.equal(sessionNameFor('U0ADA'), sessionNameFor('U0ADA'));
  });

  it('is a name STS takes for the shortest and the longest user ids', () => {
    for (const userId of ['U01', `U${'Z'.repeat(20)}`]) assert.match(sessionNameFor(userId), STS_SESSION_NAME);
  });

  it('refuses what is not a Slack user id, so no input can shape the name', () => {
    for (const userId of ['', 'u0ada', 'S0GROUP', 'U0ADA/../x', `U${'Z'.repeat(21)}`, 'U0 ADA']) {
      assert.throws(() => sessionNameFor(userId), IdentityInputError, userId);
    }
  });
});
