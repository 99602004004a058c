import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CostConfig, readCostConfig } from '../../../src/config/cost-config.ts';
import { EnvReader } from '../../../src/config/env-reader.ts';
import { budgetDay, gateFor, priceEstimate } from '../../../src/slack/cost/pricing.ts';

/** The cost guard's arithmetic and its decision, as pure logic. */
const GB = 1024 ** 3;

function settings(env: Record<string, string> = {}): CostConfig {
  const read = new EnvReader(env);
  const config = readCostConfig(read);
  read.done();
  return config;
}

describe('price', () => {
  it('is input GB × complexity × unit price, in the configured currency', () => {
    const priced = priceEstimate({ inputBytes: 10 * GB, complexity: 1.5, udfCount: 0 }, settings());
    assert.equal(priced.currency, 'USD');
    assert.ok(Math.abs(priced.price - 10 * 1.5 * 0.0438) < 1e-12);
    const china = priceEstimate({ inputBytes: GB, complexity: 2, udfCount: 1 }, settings({ ODPS_COST_SITE: 'china' }));
    assert.deepEqual([china.price, china.currency, china.udfCount], [0.6, 'CNY', 1]);
  });
});

describe('the gate', () => {
  const spent = { user: 0, channel: 0 };
  const at = (inputGb: number, complexity = 1) =>
    priceEstimate({ inputBytes: inputGb * GB, complexity, udfCount: 0 }, settings());

  it('goes with no thresholds; confirms above the confirm threshold; approval outranks it', () => {
    const both = settings({ ODPS_COST_CONFIRM_ABOVE: '1', ODPS_COST_APPROVAL_ABOVE: '100' });
    assert.deepEqual(gateFor({ estimate: at(1000), spentToday: spent }, settings()), { kind: 'go' });
    assert.deepEqual(gateFor({ estimate: at(10), spentToday: spent }, both), { kind: 'go' }); // $0.438
    assert.deepEqual(gateFor({ estimate: at(100), spentToday: spent }, both), {
      kind: 'confirm',
      reasons: ['above-confirm'],
    });
    assert.deepEqual(gateFor({ estimate: at(1000, 4), spentToday: spent }, both), {
      kind: 'approval',
      reasons: ['above-approval'],
    });
  });

  it('a size threshold compares the input, whatever the price', () => {
    const bySize = settings({ ODPS_COST_CONFIRM_ABOVE: '100GB' });
    assert.equal(gateFor({ estimate: at(100), spentToday: spent }, bySize).kind, 'go');
    assert.equal(gateFor({ estimate: at(101, 0.001), spentToday: spent }, bySize).kind, 'confirm');
  });

  it('a run that would pass a daily budget needs an approval, naming each budget it passes', () => {
    const budgets = settings({ ODPS_COST_DAILY_BUDGET_USER: '5', ODPS_COST_DAILY_BUDGET_CHANNEL: '20' });
    const run = at(50); // $2.19
    assert.equal(gateFor({ estimate: run, spentToday: { user: 2.8, channel: 0 } }, budgets).kind, 'go');
    assert.deepEqual(gateFor({ estimate: run, spentToday: { user: 2.9, channel: 18 } }, budgets), {
      kind: 'approval',
      reasons: ['over-user-budget', 'over-channel-budget'],
    });
  });

  it('a failed estimate follows ODPS_COST_ON_ESTIMATE_FAILURE (confirm by default)', () => {
    const input = { estimate: undefined, spentToday: spent };
    assert.deepEqual(gateFor(input, settings()), { kind: 'confirm', reasons: ['estimate-failed'] });
    assert.deepEqual(gateFor(input, settings({ ODPS_COST_ON_ESTIMATE_FAILURE: 'allow' })), { kind: 'go' });
    assert.deepEqual(gateFor(input, settings({ ODPS_COST_ON_ESTIMATE_FAILURE: 'refuse' })), {
      kind: 'refuse',
      reasons: ['estimate-failed'],
    });
  });
});

describe('the budget day', () => {
  it('is the date in the configured time zone: 23:30 UTC is already tomorrow in Shanghai', () => {
    const late = Date.UTC(2026, 11, 3, 23, 30);
    assert.equal(budgetDay(late, 'UTC'), '2026-12-03');
    assert.equal(budgetDay(late, 'Asia/Shanghai'), '2026-12-04');
    assert.equal(budgetDay(Date.UTC(2026, 11, 3, 15, 59), 'Asia/Shanghai'), '2026-12-03');
    assert.equal(budgetDay(Date.UTC(2026, 11, 3, 16, 0), 'Asia/Shanghai'), '2026-12-04');
  });
});

describe('the cost settings', () => {
  it('default: estimates on, the international price, confirm on a failed estimate, 15 minutes, UTC', () => {
    const config = settings();
    assert.deepEqual(
      [
        config.estimate,
        config.currency,
        config.unitPrice,
        config.onEstimateFailure,
        config.decisionMinutes,
        config.timeZone,
      ],
      [true, 'USD', 0.0438, 'confirm', 15, 'UTC'],
    );
  });

  it('reads thresholds as prices or sizes, approvers as user and group ids', () => {
    const config = settings({
      ODPS_COST_CONFIRM_ABOVE: '2.5 USD',
      ODPS_COST_APPROVAL_ABOVE: '1.5 TiB',
      ODPS_COST_APPROVERS: 'U0ADA, S0DATALEADS',
      ODPS_COST_TIME_ZONE: 'Asia/Shanghai',
    });
    assert.deepEqual(config.confirmAbove, { kind: 'price', amount: 2.5 });
    assert.deepEqual(config.approvalAbove, { kind: 'size', bytes: 1.5 * 1024 ** 4 });
    assert.deepEqual([...config.approvers], ['U0ADA', 'S0DATALEADS']);
    assert.equal(config.timeZone, 'Asia/Shanghai');
  });

  it('reports every bad setting at once', () => {
    const read = new EnvReader({
      ODPS_COST_ESTIMATE: 'maybe',
      ODPS_COST_SITE: 'mars',
      ODPS_COST_CONFIRM_ABOVE: '5 EUR',
      ODPS_COST_APPROVERS: 'ada',
      ODPS_COST_ON_ESTIMATE_FAILURE: 'ignore',
      ODPS_COST_TIME_ZONE: 'Mars/Olympus',
      ODPS_COST_DAILY_BUDGET_USER: '-3',
    });
    readCostConfig(read);
    assert.throws(
      () => read.done(),
      (error: Error) => {
        for (const name of [
          'ODPS_COST_ESTIMATE',
          'ODPS_COST_SITE',
          'ODPS_COST_CONFIRM_ABOVE',
          'ODPS_COST_APPROVERS',
          'ODPS_COST_ON_ESTIMATE_FAILURE',
          'ODPS_COST_TIME_ZONE',
          'ODPS_COST_DAILY_BUDGET_USER',
        ]) {
          assert.match(error.message, new RegExp(name));
        }
        return true;
      },
    );
  });
});
