import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRoleArn, parseRoleArn } from '../../src/shared/role-arn.ts';

describe('parseRoleArn', () => {
  it('reads the account and the role name of a RAM role ARN', () => {
    assert.deepEqual(parseRoleArn('acs:ram::1234567890123456:role/analyst'), {
      accountId: '1234567890123456',
      roleName: 'analyst',
      arn: 'acs:ram::1234567890123456:role/analyst',
    });
  });

  it('takes role/ in any case and spells it role/, keeping the name’s own case', () => {
    for (const type of ['Role', 'ROLE', 'rOlE']) {
      assert.equal(
        parseRoleArn(`acs:ram::1234567890123456:${type}/Data.Lead`)?.arn,
        'acs:ram::1234567890123456:role/Data.Lead',
      );
    }
  });

  it('takes names of 1 to 64 of letters, digits, . @ _ -, and accounts of 1 to 32 digits', () => {
    const name = `a.b@c_d-E9${'x'.repeat(54)}`;
    assert.equal(name.length, 64);
    assert.equal(parseRoleArn(`acs:ram::1:role/${name}`)?.roleName, name);
    assert.equal(parseRoleArn(`acs:ram::${'9'.repeat(32)}:role/r`)?.accountId, '9'.repeat(32));
  });

  const refused: readonly [string, string][] = [
    ['', 'empty'],
    ['analyst', 'a bare name'],
    [`acs:ram::1:role/${'x'.repeat(65)}`, 'a name of 65'],
    [`acs:ram::${'1'.repeat(33)}:role/r`, 'an account of 33 digits'],
    ['acs:ram:::role/r', 'no account'],
    ['acs:ram::12ab:role/r', 'an account that is not digits'],
    ['acs:ram::1:role/', 'no name'],
    ['acs:ram::1:user/ada', 'a user'],
    ['acs:ram::1:group/analysts', 'a group'],
    ['acs:ram::1:policy/ReadOnly', 'a policy'],
    ['acs:ram::1:role/team/analyst', 'a path'],
    ['acs:ram::1:role/*', 'a wildcard'],
    ['acs:oss::1:role/r', 'another service'],
    ['acs:ram:cn-hangzhou:1:role/r', 'a region'],
    ['ACS:RAM::1:role/r', 'the prefix in capitals'],
    ['arn:aws:iam::123456789012:role/r', 'an AWS ARN'],
    [' acs:ram::1:role/r', 'a leading space'],
    ['acs:ram::1:role/r ', 'a trailing space'],
    ['acs:ram::1:role/r\n', 'a trailing newline'],
    ['acs:ram::1:role/an alyst', 'a space inside'],
    ['"acs:ram::1:role/r"', 'quotes'],
    ["acs:ram::1:role/r'", 'a quote'],
    ['acs:ram::1:role/r%2F..', 'an escape'],
    ['acs:ram::1:role/анализ', 'letters outside ASCII'],
    ['acs:ram::１２３:role/r', 'full-width digits'],
  ];
  for (const [text, what] of refused) {
    it(`refuses ${what}`, () => {
      assert.equal(parseRoleArn(text), undefined);
      assert.equal(isRoleArn(text), false);
    });
  }

  it('refuses what is not text (a value from JSON)', () => {
    assert.equal(parseRoleArn(42 as unknown as string), undefined);
    assert.equal(parseRoleArn(undefined as unknown as string), undefined);
  });
});
