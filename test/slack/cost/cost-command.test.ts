import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROJECT, useFrontDoor } from '../../support/front-door.ts';

/**
 * `/odps cost <sql>` through the Lambda front door on the emulator: handed to the worker (an
 * estimate is an instance of its own), answered privately with MaxCompute's figures priced in the
 * configured currency. pyodps_iris is 6,800 bytes to the emulator's estimator; a unit price of
 * 100,000 per GB makes that 0.63, a price the reader can see.
 */
const door = await useFrontDoor({ env: { ODPS_COST_UNIT_PRICE: '100000' } });

async function answerTo(text: string, fields: { userId?: string } = {}): Promise<string> {
  const before = door.standin.responses().length;
  const reply = await door.command(text, fields);
  assert.equal(reply.statusCode, 200);
  await door.drain();
  const answers = door.standin.responses().slice(before);
  assert.ok(answers.length > 0, 'an answer by response_url');
  return JSON.stringify(answers.at(-1)?.body);
}

describe('/odps cost', () => {
  it('answers with the estimate and its price, privately, without running the query', async () => {
    const submitted = door.emulator.stats().byKind['POST instances'] ?? 0;
    const reply = await door.command('cost select * from pyodps_iris');
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.match(reply.body.text ?? '', /Working on it/);
    await door.drain();
    const answer = JSON.stringify(door.standin.responses().at(-1)?.body);
    assert.match(answer, /About \*\$0\.63\* to run on `test_proj`: it reads 6\.6 KB at complexity 1\./);
    assert.match(answer, /input GB × complexity × \$100,000\.00 per GB/);
    assert.match(answer, /"response_type":"ephemeral"/);
    // One SQLCost instance, no SQL one; no job card.
    assert.equal((door.emulator.stats().byKind['POST instances'] ?? 0) - submitted, 1);
    assert.equal(door.standin.calls('chat.postMessage').length, 0);
  });

  it('a bigger query estimates more, and counts its complexity and UDFs', async () => {
    const answer = await answerTo(
      'cost select a.name, count(*) from pyodps_iris a join pyodps_iris b on a.name = b.name group by a.name order by a.name',
    );
    assert.match(answer, /it reads 6\.6 KB at complexity 1\.5/);
  });

  it('in Chinese for a Chinese-speaking user, with the yuan where the site is China', async () => {
    const chinese = await useFrontDoor({ env: { ODPS_COST_SITE: 'china' } });
    chinese.standin.setUser('U0ZHUSER', { name: 'li', locale: 'zh-CN' });
    const before = chinese.standin.responses().length;
    await chinese.command('cost -p test_proj select * from pyodps_iris', { userId: 'U0ZHUSER' });
    await chinese.drain();
    const answer = JSON.stringify(chinese.standin.responses().slice(before).at(-1)?.body);
    assert.match(answer, /在 `test_proj` 上运行约需 \*&lt; ¥0\.0001\* · 读取 6\.6 KB，复杂度 1。/);
    assert.match(answer, /每 GB ¥0\.30/);
  });

  it('a statement MaxCompute will not estimate says so, with MaxCompute’s words beside it', async () => {
    const answer = await answerTo('cost drop table pyodps_iris');
    assert.match(answer, /MaxCompute could not estimate this statement/);
    assert.match(answer, /does not support DROP statements/);
  });

  it('without SQL: the usage, and no hand-off', async () => {
    const reply = await door.command('cost');
    assert.match(reply.body.text ?? '', /the SQL to estimate is needed: \/odps cost &lt;sql&gt;/);
    const help = await door.command('cost --help');
    assert.match(JSON.stringify(help.body), /\/odps cost \[-p project\] \[--hint k=v\] <sql>: what a query would cost/);
  });

  it('someone who may not run SQL may not estimate it either, and nothing is asked of MaxCompute', async () => {
    const guarded = await useFrontDoor({ env: { ODPS_ALLOWED_USERS: 'U0ADA' } });
    const before = guarded.emulator.stats().byKind['POST instances'] ?? 0;
    const reply = await guarded.command('cost select 1', { userId: 'U0GRACE' });
    assert.match(reply.body.text ?? '', /not on the list of people who may run SQL/);
    await guarded.drain();
    assert.equal((guarded.emulator.stats().byKind['POST instances'] ?? 0) - before, 0);
  });
});

describe('/odps run with estimates on (the default)', () => {
  it('estimates before submitting, and the job card shows the estimated price, input and complexity', async () => {
    await door.command('run select * from pyodps_iris limit 3');
    await door.drain();
    const card = door.standin.calls('chat.postMessage').at(-1);
    assert.match(JSON.stringify(card?.args.blocks), /Estimated cost \$0\.63: reads 6\.6 KB at complexity 1/);
    const metadata = card?.args.metadata as { event_payload?: { instance_id?: string } } | undefined;
    const tracked = await door.store.get({ project: PROJECT, instanceId: metadata?.event_payload?.instance_id ?? '' });
    assert.ok(tracked?.cost?.kind === 'estimated', JSON.stringify(tracked?.cost));
    assert.deepEqual([tracked.cost.inputBytes, tracked.cost.complexity, tracked.cost.currency], [6800, 1, 'USD']);
    assert.ok(Math.abs(tracked.cost.price - (6800 / 1024 ** 3) * 100_000) < 1e-9);
  });

  it('ODPS_COST_ESTIMATE=off submits at once, with no estimate on the card', async () => {
    const off = await useFrontDoor({ env: { ODPS_COST_ESTIMATE: 'off' } });
    const before = off.emulator.stats().byKind['POST instances'] ?? 0;
    await off.command('run select 1');
    await off.drain();
    assert.equal((off.emulator.stats().byKind['POST instances'] ?? 0) - before, 1, 'the query alone');
    assert.doesNotMatch(JSON.stringify(off.standin.calls('chat.postMessage').at(-1)?.args.blocks), /Estimated cost/);
  });
});
