import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Context } from 'aws-lambda';
import { buildLambdaFrontDoor } from '../../../src/runtime/lambda-front-door.ts';
import { budgetDay } from '../../../src/slack/cost/pricing.ts';
import { PROJECT, useFrontDoor } from '../../support/front-door.ts';
import { apiGatewayEvent, blockActionsBody, buttonClickPayload } from '../../support/slack-requests.ts';

/**
 * The cost guard's held queries through the Lambda front door, on the emulator and dynalite (issue
 * #16): a query above a threshold waits, as a card in the channel, for its submitter's confirmation or
 * an approver's approval; nothing reaches MaxCompute but its estimate until then; a decision counts
 * once however many clicks race; who may press what is checked and audited. pyodps_iris is 6,800
 * bytes to the emulator's estimator; at 100,000 per GB its query costs $0.63.
 */
const SQL = 'select * from pyodps_iris';
const PRICED = { ODPS_COST_UNIT_PRICE: '100000' };

type Door = Awaited<ReturnType<typeof useFrontDoor>>;

const queries = (door: Door) => door.emulator.stats().byKind['POST instances'] ?? 0;

/** Runs `SQL` and returns the held card (the last top-level bot message) and its run request id. */
async function hold(door: Door, userId = 'U0USER'): Promise<{ cardTs: string; requestId: string; text: string }> {
  await door.command(`run ${SQL}`, { userId });
  await door.drain();
  const card = door.standin
    .channel('C0CHAN')
    .filter((message) => message.threadTs === undefined && message.ephemeralTo === undefined)
    .at(-1);
  assert.ok(card, 'a card in the channel');
  const text = JSON.stringify(card.blocks);
  const requestId = /"value":"([^"]+)"/.exec(text)?.[1];
  assert.ok(requestId, text);
  return { cardTs: card.ts, requestId, text };
}

async function clickAs(door: Door, userId: string, actionId: string, requestId: string, ts: string): Promise<string> {
  const before = door.standin.responses().length;
  await door.click(actionId, requestId, ts, userId);
  await door.drain();
  return JSON.stringify(
    door.standin
      .responses()
      .slice(before)
      .map((each) => each.body),
  );
}

function cardAt(door: Door, ts: string) {
  return door.standin.channel('C0CHAN').find((message) => message.ts === ts);
}

describe('a query above ODPS_COST_CONFIRM_ABOVE', () => {
  it('waits for its submitter: nothing runs until Run it, then its card becomes the job card', async () => {
    const door = await useFrontDoor({ env: { ...PRICED, ODPS_COST_CONFIRM_ABOVE: '0.5' } });
    const before = queries(door);
    const held = await hold(door);
    assert.match(held.text, /Waiting for your confirmation/);
    assert.match(held.text, /Estimated cost \$0\.63: reads 6\.6 KB at complexity 1/);
    assert.match(held.text, /Held: above \$0\.50, the most a query runs without a confirmation\./);
    assert.match(held.text, /odps_run_confirm.*odps_run_cancel/);
    assert.equal(queries(door) - before, 1, 'the estimate only');

    const stranger = await clickAs(door, 'U0GRACE', 'odps_run_confirm', held.requestId, held.cardTs);
    assert.match(stranger, /Only <@U0USER>, who asked for this query, can confirm or cancel it/);
    assert.equal(queries(door) - before, 1, 'a stranger’s click runs nothing');
    assert.ok(door.logs.some((line) => line.includes('"run-confirmed"') && line.includes('"refused"')));

    await clickAs(door, 'U0USER', 'odps_run_confirm', held.requestId, held.cardTs);
    assert.equal(queries(door) - before, 2, 'submitted once');
    const card = cardAt(door, held.cardTs);
    const id = (card?.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload?.instance_id;
    assert.ok(id, 'the held card now names its instance');
    assert.match(JSON.stringify(card?.blocks), /odps_stop/);
    assert.match(
      JSON.stringify(card?.blocks),
      /Confirmed by <@U0USER> <!date\^\d+\^/,
      'the decision stays on the card',
    );
    const tracked = await door.store.get({ project: PROJECT, instanceId: id });
    assert.equal(tracked?.cardTs, held.cardTs);
    assert.equal(tracked?.cost?.kind, 'estimated');

    const again = await clickAs(door, 'U0USER', 'odps_run_confirm', held.requestId, held.cardTs);
    assert.match(again, /Already confirmed by <@U0USER>/);
    assert.equal(queries(door) - before, 2, 'a second click submits nothing');
  });

  it('Cancel ends it: the card says who cancelled, and nothing runs', async () => {
    const door = await useFrontDoor({ env: { ...PRICED, ODPS_COST_CONFIRM_ABOVE: '0.5' } });
    const before = queries(door);
    const held = await hold(door);
    await clickAs(door, 'U0USER', 'odps_run_cancel', held.requestId, held.cardTs);
    const card = JSON.stringify(cardAt(door, held.cardTs)?.blocks);
    assert.match(card, /Cancelled by <@U0USER> <!date\^\d+\^[^>]+>: not run/);
    assert.doesNotMatch(card, /odps_run_confirm/);
    const late = await clickAs(door, 'U0USER', 'odps_run_confirm', held.requestId, held.cardTs);
    assert.match(late, /Already cancelled by <@U0USER>/);
    assert.equal(queries(door) - before, 1, 'the estimate only');
  });
});

describe('a query above ODPS_COST_APPROVAL_ABOVE', () => {
  const env = { ...PRICED, ODPS_COST_APPROVAL_ABOVE: '0.5', ODPS_COST_APPROVERS: 'U0ADA,U0ALAN' };

  it('waits for an approver, not its submitter; two approvals race and it runs once; a late Reject is told', async () => {
    const door = await useFrontDoor({ env });
    const before = queries(door);
    const held = await hold(door);
    assert.match(held.text, /Waiting for an approval/);
    const request = door.standin.channel('C0CHAN').find((message) => message.threadTs === held.cardTs);
    assert.ok(request, 'the approval request is in the card’s thread');
    const asked = JSON.stringify(request.blocks);
    assert.match(asked, /<@U0USER> asks to run a query on `test_proj`: \*\$0\.63\*/);
    assert.match(asked, /Approvers: <@U0ADA> <@U0ALAN>/);

    assert.match(
      await clickAs(door, 'U0USER', 'odps_run_approve', held.requestId, request.ts),
      /cannot approve your own/,
    );
    assert.match(await clickAs(door, 'U0GRACE', 'odps_run_approve', held.requestId, request.ts), /Only an approver/);
    assert.equal(queries(door) - before, 1, 'refused clicks run nothing');

    await Promise.all([
      door.click('odps_run_approve', held.requestId, request.ts, 'U0ADA'),
      door.click('odps_run_approve', held.requestId, request.ts, 'U0ALAN'),
    ]);
    await door.drain();
    assert.equal(queries(door) - before, 2, 'one submission for two approvals');
    const approved = JSON.stringify(cardAt(door, request.ts)?.blocks);
    assert.match(approved, /Approved by <@U0(ADA|ALAN)>/);
    assert.doesNotMatch(approved, /odps_run_approve/);
    assert.match(JSON.stringify(cardAt(door, held.cardTs)?.blocks), /Approved by <@U0(ADA|ALAN)> <!date\^\d+\^/);
    const reject = await clickAs(door, 'U0ALAN', 'odps_run_reject', held.requestId, request.ts);
    assert.match(reject, /Already approved by <@U0(ADA|ALAN)>/);
  });

  it('a Reject ends it, and the approvals channel gets the request when one is configured', async () => {
    const door = await useFrontDoor({ env: { ...env, ODPS_COST_APPROVALS_CHANNEL: 'C0APPROVALS' } });
    const before = queries(door);
    const held = await hold(door);
    const [request] = door.standin.channel('C0APPROVALS');
    assert.ok(request, 'posted in the approvals channel');
    assert.equal(request.threadTs, undefined);
    await clickAs(door, 'U0ADA', 'odps_run_reject', held.requestId, request.ts);
    assert.match(JSON.stringify(cardAt(door, held.cardTs)?.blocks), /Rejected by <@U0ADA>/);
    assert.equal(queries(door) - before, 1, 'not run');
  });
});

describe('budgets and failed estimates', () => {
  it('the run that would pass the person’s daily budget needs an approval', async () => {
    const door = await useFrontDoor({
      env: { ...PRICED, ODPS_COST_DAILY_BUDGET_USER: '1', ODPS_COST_APPROVERS: 'U0ADA' },
    });
    await door.command(`run ${SQL}`);
    await door.drain();
    assert.match(
      JSON.stringify(door.standin.calls('chat.postMessage').at(-1)?.args.blocks),
      /odps_stop/,
      'the first runs',
    );
    const held = await hold(door);
    assert.match(held.text, /past the daily budget of each person: \$0\.63 of \$1\.00 run today/);
  });

  it('a statement MaxCompute cannot estimate asks for a confirmation by default, and is refused when so configured', async () => {
    const door = await useFrontDoor({ env: PRICED });
    await door.command('run drop table if exists nothing_here');
    await door.drain();
    const card = door.standin.calls('chat.postMessage').at(-1);
    assert.match(JSON.stringify(card?.args.blocks), /Held: MaxCompute could not estimate its cost/);

    const strict = await useFrontDoor({ env: { ODPS_COST_ON_ESTIMATE_FAILURE: 'refuse' } });
    const before = strict.standin.responses().length;
    await strict.command('run drop table if exists nothing_here');
    await strict.drain();
    const answers = JSON.stringify(
      strict.standin
        .responses()
        .slice(before)
        .map((each) => each.body),
    );
    assert.match(answers, /Not run: MaxCompute could not estimate its cost/);
    assert.equal(strict.standin.calls('chat.postMessage').length, 0);
  });

  it('a click after the decision window is too late, and the card says it was not run', async () => {
    const door = await useFrontDoor({ env: { ...PRICED, ODPS_COST_CONFIRM_ABOVE: '0.5' } });
    const held = await hold(door);
    const request = await door.frontDoor.deps.runRequests.get(held.requestId);
    assert.ok(request);
    // The decision window as if it had passed: the same request, created again under a new id.
    const { request: stale } = await door.frontDoor.deps.runRequests.create({
      ...request,
      id: `${held.requestId}-stale`,
      createdAt: Date.now() - 20 * 60_000,
      expiresAt: Date.now() - 5 * 60_000,
    });
    const late = await clickAs(door, 'U0USER', 'odps_run_confirm', stale.id, held.cardTs);
    assert.match(late, /Too late: this request ended at/);
    assert.match(JSON.stringify(cardAt(door, held.cardTs)?.blocks), /Not decided by <!date\^\d+\^[^>]+>: not run/);
  });
});

describe('approvers as a user group, in Chinese', () => {
  it('a member of the group approves; someone outside it may not; the card and request speak the channel’s language', async () => {
    const door = await useFrontDoor({
      env: {
        ...PRICED,
        ODPS_COST_APPROVAL_ABOVE: '0.5',
        ODPS_COST_APPROVERS: 'S0DATALEADS',
        ODPS_CHANNEL_LOCALES: 'C0CHAN=zh-CN',
      },
    });
    door.standin.setUserGroup('S0DATALEADS', { handle: 'data-leads', users: ['U0ADA'] });
    door.standin.setUserGroup('S0OTHERS', { handle: 'others', users: ['U0GRACE'] });
    const before = queries(door);
    const held = await hold(door);
    assert.match(held.text, /等待审批/);
    assert.match(held.text, /暂缓原因：超过 US\$0\.50（无需审批即可运行的上限）。/);
    const request = door.standin.channel('C0CHAN').find((message) => message.threadTs === held.cardTs);
    assert.ok(request);
    assert.match(JSON.stringify(request.blocks), /审批人：<!subteam\^S0DATALEADS>/);
    assert.match(await clickAs(door, 'U0GRACE', 'odps_run_approve', held.requestId, request.ts), /Only an approver/);
    await clickAs(door, 'U0ADA', 'odps_run_approve', held.requestId, request.ts);
    assert.equal(queries(door) - before, 2, 'approved by the group’s member and run');
    assert.match(JSON.stringify(cardAt(door, request.ts)?.blocks), /已由 <@U0ADA> 于 <!date\^\d+\^[^>]+> 批准/);
  });
});

describe('a restart in the middle of an approval', () => {
  it('a function started afresh on the same table finds the held query and its approval submits it once', async () => {
    const door = await useFrontDoor({
      env: { ...PRICED, ODPS_COST_APPROVAL_ABOVE: '0.5', ODPS_COST_APPROVERS: 'U0ADA' },
    });
    const before = queries(door);
    const held = await hold(door);
    const request = door.standin.channel('C0CHAN').find((message) => message.threadTs === held.cardTs);
    assert.ok(request);
    // A cold start: a new Slack app, listeners and worker built from the configuration, keeping nothing
    // of the first but the table (the same parts: the DynamoDB client and the stand-ins).
    const { slack: restarted } = await buildLambdaFrontDoor(door.parts);
    const click = (userId: string) =>
      restarted(
        apiGatewayEvent({
          body: blockActionsBody(
            buttonClickPayload({
              actionId: 'odps_run_approve',
              value: held.requestId,
              messageTs: request.ts,
              userId,
              responseUrl: door.standin.newResponseUrl({ channelId: 'C0CHAN', userId }),
            }),
          ),
          signingSecret: door.signingSecret,
        }),
        {} as Context,
      );
    await click('U0ADA');
    await door.drain();
    await click('U0ADA');
    await door.drain();
    assert.equal(queries(door) - before, 2, 'the estimate, and one submission');
    assert.match(JSON.stringify(cardAt(door, held.cardTs)?.blocks), /odps_stop|Succeeded|Running/);
  });
});

describe('a budget’s day is the configured time zone’s', () => {
  it('spend on the UTC date, another day there, does not count; the runs of the zone’s day do', async () => {
    const now = Date.now();
    // A zone whose date differs from UTC's right now: UTC+14 from 10:00 UTC, UTC-12 before 12:00 UTC.
    const zone = ['Pacific/Kiritimati', 'Etc/GMT+12'].find((tz) => budgetDay(now, tz) !== budgetDay(now, 'UTC'));
    assert.ok(zone);
    const door = await useFrontDoor({
      env: { ...PRICED, ODPS_COST_DAILY_BUDGET_USER: '1', ODPS_COST_APPROVERS: 'U0ADA', ODPS_COST_TIME_ZONE: zone },
    });
    const spend = (day: string, runId: string) =>
      door.frontDoor.deps.spend.add({ scope: 'user', scopeId: 'U0USER', day, runId, amount: 0.9 });
    await spend(budgetDay(now, 'UTC'), 'earlier-run-utc-date');
    await door.command(`run ${SQL}`);
    await door.drain();
    assert.match(
      JSON.stringify(door.standin.calls('chat.postMessage').at(-1)?.args.blocks),
      /odps_stop/,
      'the UTC date’s spend is another day in the zone: this run is within budget',
    );
    // That run's $0.63 went to the zone's day: with another, the day would pass $1.00.
    const held = await hold(door);
    assert.match(held.text, /past the daily budget of each person/);
  });
});
