import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACCOUNT_ID,
  ADMIN,
  ANALYST,
  ANALYTICS,
  BOT_KEY,
  ENGINEER,
  errorIn,
  FINANCE,
  firstTaskResult,
  instanceIdOf,
  keyOf,
  ownersIn,
  startIdentityStack,
} from './support/identity-stack.ts';

/**
 * MaxCompute requests signed with the temporary credentials the STS stand-in issued (through
 * Alibaba's SDK), checked against the role: who the instance belongs to, which tables it may read,
 * whether it may write, which projects and whose instances it may touch.
 */
const stack = await startIdentityStack();
const alice = keyOf(await stack.assume(ANALYST, 'alice'));
const bob = keyOf(await stack.assume(ANALYST, 'bob'));

async function resultOf(key: typeof alice, id: string, project = ANALYTICS) {
  const reply = await stack.send(key, { method: 'GET', resource: `/projects/${project}/instances/${id}?result` });
  assert.equal(reply.status, 200, reply.body);
  return firstTaskResult(reply.body);
}

const SELECT_DENIED = (table: string) =>
  new RegExp(
    `^ODPS-0130013:Authorization exception - Authorization Failed \\[4019\\], You have NO privilege 'odps:Select' on \\{acs:odps:\\*:projects/${ANALYTICS}/tables/${table}\\}\\. Context ID:[0-9a-f-]{36}\\.\\t--->Tips: CurrentProject:${ANALYTICS}; Principal:RAM\\$${ACCOUNT_ID}:role/analyst/alice;$`,
  );

describe('a role session on MaxCompute', () => {
  test('runs SQL on a readable table, and the instance belongs to the session', async () => {
    const id = instanceIdOf(await stack.submit(alice, ANALYTICS, 'select count(*) as n from pyodps_iris'));
    await stack.finishAll();
    assert.deepEqual(await resultOf(alice, id), { status: 'Success', text: '"n"\n150\n' });
    const principal = `RAM$${ACCOUNT_ID}:role/analyst/alice`;
    const status = await stack.send(alice, { method: 'GET', resource: `/projects/${ANALYTICS}/instances/${id}` });
    assert.equal(status.headers['x-odps-owner'], principal);
    const listing = await stack.send(BOT_KEY, { method: 'GET', resource: `/projects/${ANALYTICS}/instances` });
    assert.equal(ownersIn(listing.body).get(id), principal);
  });

  test('a v4 signature with the temporary secret is accepted too', async () => {
    const reply = await stack.send(alice, {
      method: 'GET',
      resource: `/projects/${ANALYTICS}/instances`,
      region: 'cn-shanghai',
    });
    assert.equal(reply.status, 200, reply.body);
  });

  test('reading a table it may not read: the instance is created and its task fails with the authorization error', async () => {
    const id = instanceIdOf(await stack.submit(alice, ANALYTICS, 'select name, annual_salary from salaries'));
    const result = await resultOf(alice, id);
    assert.equal(result.status, 'Failed');
    assert.match(result.text, SELECT_DENIED('salaries'));
    const joined = instanceIdOf(
      await stack.submit(
        alice,
        ANALYTICS,
        'select i.name from pyodps_iris i join analytics.Salaries s on i.name = s.name',
      ),
    );
    assert.match(
      (await resultOf(alice, joined)).text,
      /'odps:Select' on \{acs:odps:\*:projects\/analytics\/tables\/salaries\}/,
    );
  });

  test('an estimate (SQLCost) of a query on a table it may not read fails the same way', async () => {
    const id = instanceIdOf(await stack.submit(alice, ANALYTICS, 'select * from salaries', 'SQLCost'));
    const result = await resultOf(alice, id);
    assert.equal(result.status, 'Failed');
    assert.match(result.text, SELECT_DENIED('salaries'));
    const fine = instanceIdOf(await stack.submit(alice, ANALYTICS, 'select * from pyodps_iris', 'SQLCost'));
    await stack.finishAll();
    assert.equal((await resultOf(alice, fine)).status, 'Success');
  });

  test('a write without `writes` fails with the privilege it needed; a role with writes may', async () => {
    const denials: [string, string][] = [
      ['create table mine (a bigint)', `'odps:CreateTable' on {acs:odps:*:projects/${ANALYTICS}}`],
      [
        'insert into pyodps_iris select * from pyodps_iris',
        `'odps:Update' on {acs:odps:*:projects/${ANALYTICS}/tables/pyodps_iris}`,
      ],
      [
        'insert overwrite table orders select * from orders',
        `'odps:Update' on {acs:odps:*:projects/${ANALYTICS}/tables/orders}`,
      ],
      ['drop table t_users', `'odps:Drop' on {acs:odps:*:projects/${ANALYTICS}/tables/t_users}`],
      [
        'alter table orders add columns (note string)',
        `'odps:Alter' on {acs:odps:*:projects/${ANALYTICS}/tables/orders}`,
      ],
    ];
    for (const [sql, privilege] of denials) {
      const result = await resultOf(alice, instanceIdOf(await stack.submit(alice, ANALYTICS, sql)));
      assert.equal(result.status, 'Failed', sql);
      assert.ok(
        result.text.startsWith(
          `ODPS-0130013:Authorization exception - Authorization Failed [4019], You have NO privilege ${privilege}.`,
        ),
        result.text,
      );
    }
    const carol = keyOf(await stack.assume(ENGINEER, 'carol'));
    const id = instanceIdOf(
      await stack.submit(
        carol,
        ANALYTICS,
        'create table carols (a bigint); insert into carols values (1); select * from carols',
      ),
    );
    await stack.finishAll();
    assert.deepEqual(await resultOf(carol, id), { status: 'Success', text: '"a"\n1\n' });
  });

  test('a project the role is not a member of is refused: 403 NoPermission, nothing created', async () => {
    for (const reply of [
      await stack.submit(alice, FINANCE, 'select 1'),
      await stack.send(alice, { method: 'GET', resource: `/projects/${FINANCE}/instances` }),
    ]) {
      assert.equal(reply.status, 403, reply.body);
      assert.deepEqual(errorIn(reply), {
        code: 'NoPermission',
        message: `ODPS-0420095: Access Denied - Authorization Failed [4002], You don't exist in project ${FINANCE}.`,
      });
    }
    const listing = await stack.send(BOT_KEY, { method: 'GET', resource: `/projects/${FINANCE}/instances` });
    assert.equal(ownersIn(listing.body).size, 0);
  });

  test("another session's instance: not readable nor stoppable; an administrator role may stop it", async () => {
    const id = instanceIdOf(await stack.submit(alice, ANALYTICS, 'select * from pyodps_iris'));
    const stop = {
      method: 'PUT',
      resource: `/projects/${ANALYTICS}/instances/${id}`,
      contentType: 'application/xml',
      body: '<Instance><Status>Terminated</Status></Instance>',
    };
    const refused = await stack.send(bob, stop);
    assert.equal(refused.status, 403, refused.body);
    assert.deepEqual(errorIn(refused), {
      code: 'NoPermission',
      message: `ODPS-0420095: Access Denied - Authorization Failed [4019], You have NO privilege 'odps:Write' on {acs:odps:*:projects/${ANALYTICS}/instances/${id}}.`,
    });
    const read = await stack.send(bob, { method: 'GET', resource: `/projects/${ANALYTICS}/instances/${id}?result` });
    assert.equal(read.status, 403);
    assert.match(errorIn(read).message, /'odps:Read' on \{acs:odps:\*:projects\/analytics\/instances\//);
    const tunnel = await stack.send(
      bob,
      { method: 'POST', resource: `/projects/${ANALYTICS}/instances/${id}?downloads` },
      'tunnel',
    );
    assert.equal(tunnel.status, 403, tunnel.body);
    assert.match(errorIn(tunnel).message, /'odps:Read' on \{acs:odps:\*:projects\/analytics\/instances\//);

    const admin = keyOf(await stack.assume(ADMIN, 'dana'));
    const stopped = await stack.send(admin, stop);
    assert.equal(stopped.status, 200, stopped.body);
    assert.equal((await resultOf(alice, id)).status, 'Cancelled');
  });

  test('the bot account, with no role, keeps full access', async () => {
    const id = instanceIdOf(await stack.submit(BOT_KEY, ANALYTICS, 'select count(*) as n from salaries'));
    await stack.finishAll();
    assert.deepEqual(await resultOf(BOT_KEY, id), { status: 'Success', text: '"n"\n5\n' });
    assert.equal((await stack.submit(BOT_KEY, FINANCE, 'select 1')).status, 201);
  });
});

describe('temporary credentials that do not hold', () => {
  test('a wrong or missing security token is 401 InvalidSecurityToken; a wrong secret 401 SignatureNotMatch', async () => {
    const forged = await stack.send(
      { ...alice, securityToken: `${alice.securityToken?.slice(0, -4)}AAAA` },
      { method: 'GET', resource: `/projects/${ANALYTICS}/instances` },
    );
    assert.equal(forged.status, 401);
    assert.equal(errorIn(forged).code, 'InvalidSecurityToken');
    const bobsToken = await stack.send(
      { ...alice, securityToken: bob.securityToken },
      { method: 'GET', resource: `/projects/${ANALYTICS}/instances` },
    );
    assert.equal(errorIn(bobsToken).code, 'InvalidSecurityToken');
    const missing = await stack.send(
      { accessKeyId: alice.accessKeyId, secret: alice.secret },
      { method: 'GET', resource: `/projects/${ANALYTICS}/instances` },
    );
    assert.equal(errorIn(missing).code, 'InvalidSecurityToken');
    const wrongSecret = await stack.send(
      { ...alice, secret: 'not-the-secret' },
      { method: 'GET', resource: `/projects/${ANALYTICS}/instances` },
    );
    assert.equal(wrongSecret.status, 401);
    assert.equal(errorIn(wrongSecret).code, 'SignatureNotMatch');
  });

  test('an expired token is 401 SecurityTokenExpired, by the emulator clock', async () => {
    const short = keyOf(await stack.assume(ENGINEER, 'erin', 900));
    const list = { method: 'GET', resource: `/projects/${ANALYTICS}/instances` };
    stack.clock.offsetMs += 899_000;
    assert.equal((await stack.send(short, list)).status, 200);
    stack.clock.offsetMs += 1_000;
    const expired = await stack.send(short, list);
    assert.equal(expired.status, 401, expired.body);
    assert.equal(errorIn(expired).code, 'SecurityTokenExpired');
    assert.equal((await stack.send(alice, list)).status, 200, 'an hour-long session is still valid');
  });
});
