import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/slack/commands/grammar/index.ts';

const ID = '20160519101349613gzbzufck2';
const LEGACY = `http://logview.aliyun.com/logview/?h=http://service.odps.aliyun.com/api&p=my_proj&i=${ID}&token=abc`;
const INSIGHTS = `https://maxcompute.console.aliyun.com/cn-hangzhou/job-insights?h=https://x/api&p=test_proj&i=${ID}`;
const SLACK_LEGACY = `<${LEGACY.replaceAll('&', '&amp;')}|Logview link>`;

describe('/odps status, stop, logview, result, watch', () => {
  it('reads a bare id under every name and alias, in any case', () => {
    const cases: Array<[string, string]> = [
      ['status', 'status'],
      ['show', 'status'],
      ['inspect', 'status'],
      ['STATUS', 'status'],
      ['stop', 'stop'],
      ['kill', 'stop'],
      ['Cancel', 'stop'],
      ['logview', 'logview'],
      ['LogView', 'logview'],
    ];
    for (const [word, kind] of cases) {
      assert.deepEqual(parseCommand(`${word} ${ID}`), { kind, ref: { instanceId: ID } }, word);
    }
    assert.deepEqual(parseCommand(`result ${ID}`), { kind: 'result', ref: { instanceId: ID }, csv: false });
    assert.deepEqual(parseCommand(`watch ${ID}`), { kind: 'watch', ref: { instanceId: ID }, mention: false });
  });

  it('reads Logview links: plain, Slack-wrapped with a label, &amp;-escaped, Job Insights', () => {
    const fromLink = { instanceId: ID, project: 'my_proj' };
    assert.deepEqual(parseCommand(`status ${LEGACY}`), { kind: 'status', ref: fromLink });
    assert.deepEqual(parseCommand(`status ${SLACK_LEGACY}`), { kind: 'status', ref: fromLink });
    assert.deepEqual(parseCommand(`stop <${LEGACY.replaceAll('&', '&amp;')}>`), { kind: 'stop', ref: fromLink });
    assert.deepEqual(parseCommand(`logview ${LEGACY.replaceAll('&', '&amp;')}`), { kind: 'logview', ref: fromLink });
    assert.deepEqual(parseCommand(`status ${INSIGHTS}`), {
      kind: 'status',
      ref: { instanceId: ID, project: 'test_proj' },
    });
    assert.deepEqual(parseCommand(`result ${SLACK_LEGACY} --csv`), { kind: 'result', ref: fromLink, csv: true });
  });

  it('reads ids in backticks, quotes, and around odd spacing', () => {
    for (const text of [
      `status \`${ID}\``,
      `status "${ID}"`,
      `status “${ID}”`,
      `status\u00a0${ID}`,
      `  status\n\n${ID}\n`,
      `status ${ID}\u200b`,
    ]) {
      assert.deepEqual(parseCommand(text), { kind: 'status', ref: { instanceId: ID } }, JSON.stringify(text));
    }
  });

  it('reads --csv and --mention before or after the instance', () => {
    assert.deepEqual(parseCommand(`result --csv ${ID}`), { kind: 'result', ref: { instanceId: ID }, csv: true });
    assert.deepEqual(parseCommand(`result ${ID} --CSV`), { kind: 'result', ref: { instanceId: ID }, csv: true });
    assert.deepEqual(parseCommand(`watch ${ID} --mention`), { kind: 'watch', ref: { instanceId: ID }, mention: true });
    assert.deepEqual(parseCommand(`watch —mention ${ID}`), { kind: 'watch', ref: { instanceId: ID }, mention: true });
  });

  it('refuses a missing or invalid instance', () => {
    const cases: Array<[string, string, string, string | undefined]> = [
      ['status', 'missing_instance', 'status', undefined],
      ['kill   ', 'missing_instance', 'stop', undefined],
      ['result --csv', 'missing_instance', 'result', undefined],
      ['status short', 'bad_instance', 'status', 'short'],
      ['status ../../etc/passwd', 'bad_instance', 'status', '../../etc/passwd'],
      ['status 2016%2F..%2Fx', 'bad_instance', 'status', '2016%2F..%2Fx'],
      ['stop ２０１６０５１９１０１３４９６１３', 'bad_instance', 'stop', '２０１６０５１９１０１３４９６１３'],
      ['logview https://logview/x?p=my_proj', 'bad_instance', 'logview', 'https://logview/x?p=my_proj'],
      ['watch https://[bad', 'bad_instance', 'watch', 'https://[bad'],
      ['status <@U123|alice>', 'bad_instance', 'status', '<@U123|alice>'],
      [`status ${'a'.repeat(65)}`, 'bad_instance', 'status', 'a'.repeat(60)],
      ['status https://logview/x?p=../p&i=20160519101349613gzbzufck2', 'bad_instance', 'status', undefined],
    ];
    for (const [text, code, subcommand, detail] of cases) {
      const parsed = parseCommand(text);
      assert.equal(parsed.kind, 'usage', text);
      if (parsed.kind !== 'usage') continue;
      assert.equal(parsed.problem.code, code, text);
      assert.equal(parsed.subcommand, subcommand, text);
      if (detail !== undefined) assert.equal(parsed.problem.detail, detail, text);
    }
  });

  it('refuses extra arguments and options that do not belong', () => {
    const cases: Array<[string, string, string]> = [
      [`status ${ID} ${ID}`, 'unexpected_argument', ID],
      [`stop ${ID} now`, 'unexpected_argument', 'now'],
      [`status ${ID} --csv`, 'bad_option', '--csv'],
      [`logview ${ID} --mention`, 'bad_option', '--mention'],
      [`watch ${ID} --csv`, 'bad_option', '--csv'],
      [`result ${ID} --mention`, 'bad_option', '--mention'],
      [`result ${ID} --limit 5`, 'bad_option', '--limit'],
      [`result ${ID} --csv=true`, 'bad_option', '--csv=true'],
      [`status -p proj ${ID}`, 'bad_option', '-p'],
    ];
    for (const [text, code, detail] of cases) {
      const parsed = parseCommand(text);
      assert.equal(parsed.kind === 'usage' && parsed.problem.code, code, text);
      assert.equal(parsed.kind === 'usage' && parsed.problem.detail, detail, text);
    }
  });

  it("answers --help with that subcommand's help", () => {
    assert.deepEqual(parseCommand('kill --help'), { kind: 'help', topic: 'stop' });
    assert.deepEqual(parseCommand(`result ${ID} -h`), { kind: 'help', topic: 'result' });
  });
});
