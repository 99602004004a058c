import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/slack/commands/grammar/index.ts';

const ARN = 'acs:ram::1234567890123456:role/analyst';

describe('/odps admin', () => {
  it('reads a person’s mention as Slack escapes it, with or without their name', () => {
    const expected = {
      kind: 'admin',
      action: { verb: 'map', subject: { kind: 'user', userId: 'U0ADA' }, roleArn: ARN },
    };
    assert.deepEqual(parseCommand(`admin map <@U0ADA|ada> ${ARN}`), expected);
    assert.deepEqual(parseCommand(`admin map <@U0ADA> ${ARN}`), expected);
    assert.deepEqual(parseCommand(`ADMIN MAP <@U0ADA|Ada Lovelace> ${ARN}`), expected);
    assert.deepEqual(parseCommand(`admin map <@W0GRID|grid> ${ARN}`), {
      kind: 'admin',
      action: { verb: 'map', subject: { kind: 'user', userId: 'W0GRID' }, roleArn: ARN },
    });
  });

  it('reads a user group’s mention, and bare ids of people and groups that can no longer be mentioned', () => {
    const group = { kind: 'group', groupId: 'S0DATALEADS' };
    assert.deepEqual(parseCommand('admin unmap <!subteam^S0DATALEADS|@data-leads>'), {
      kind: 'admin',
      action: { verb: 'unmap', subject: group },
    });
    assert.deepEqual(parseCommand('admin unmap <!subteam^S0DATALEADS>'), {
      kind: 'admin',
      action: { verb: 'unmap', subject: group },
    });
    assert.deepEqual(parseCommand('admin unmap S0DATALEADS'), {
      kind: 'admin',
      action: { verb: 'unmap', subject: group },
    });
    assert.deepEqual(parseCommand('admin unmap U0ADA'), {
      kind: 'admin',
      action: { verb: 'unmap', subject: { kind: 'user', userId: 'U0ADA' } },
    });
  });

  it('normalises the ARN as the stores keep it, from code formatting too', () => {
    const parsed = parseCommand('admin map <@U0ADA> `acs:ram::1234567890123456:ROLE/analyst`');
    assert.deepEqual(parsed, {
      kind: 'admin',
      action: { verb: 'map', subject: { kind: 'user', userId: 'U0ADA' }, roleArn: ARN },
    });
  });

  it('lists with `mappings`; `admin` alone or asking for help is the admin help', () => {
    assert.deepEqual(parseCommand('admin mappings'), { kind: 'admin', action: { verb: 'mappings' } });
    for (const text of ['admin', 'admin help', 'admin --help', 'admin -h', 'admin ?', 'help admin']) {
      assert.deepEqual(parseCommand(text), { kind: 'help', topic: 'admin' }, text);
    }
  });

  it('refuses anything not exactly a subject and an ARN, naming the word as the admin typed it', () => {
    const cases: Array<[string, string, string?]> = [
      ['admin grant <@U0ADA>', 'unknown_admin_action', 'grant'],
      ['admin map', 'missing_subject'],
      ['admin unmap', 'missing_subject'],
      [`admin map @ada ${ARN}`, 'bad_subject', '@ada'],
      [`admin map <#C0DATA|data> ${ARN}`, 'bad_subject', '#data'],
      [`admin map <!here> ${ARN}`, 'bad_subject', '@here'],
      [`admin map USERS ${ARN}`, 'bad_subject', 'USERS'],
      [`admin map ${ARN} <@U0ADA>`, 'bad_subject', ARN],
      ['admin map <@U0ADA|ada>', 'missing_role_arn'],
      [
        'admin map <@U0ADA> acs:ram::1234567890123456:user/analyst',
        'bad_role_arn',
        'acs:ram::1234567890123456:user/analyst',
      ],
      ['admin map <@U0ADA> acs:ram::1234567890123456:role/a/b', 'bad_role_arn', 'acs:ram::1234567890123456:role/a/b'],
      [`admin map <@U0ADA> ${ARN}"`, 'bad_role_arn', `${ARN}"`],
      [`admin map "<@U0ADA> ${ARN}`, 'bad_subject', `"@U0ADA ${ARN}`],
      [`admin map <@U0ADA> ${ARN} now`, 'unexpected_argument', 'now'],
      [`admin unmap <@U0ADA> ${ARN}`, 'unexpected_argument', ARN],
      ['admin mappings <@U0ADA|ada>', 'unexpected_argument', '@ada'],
    ];
    for (const [text, code, detail] of cases) {
      const problem = detail === undefined ? { code } : { code, detail };
      assert.deepEqual(parseCommand(text), { kind: 'usage', problem, subcommand: 'admin' }, text);
    }
  });
});

describe('/odps whoami', () => {
  it('takes no argument', () => {
    assert.deepEqual(parseCommand('whoami'), { kind: 'whoami' });
    assert.deepEqual(parseCommand('WhoAmI'), { kind: 'whoami' });
    assert.deepEqual(parseCommand('whoami --help'), { kind: 'help', topic: 'whoami' });
    assert.deepEqual(parseCommand('whoami <@U0ADA|ada>'), {
      kind: 'usage',
      problem: { code: 'unexpected_argument', detail: '@ada' },
      subcommand: 'whoami',
    });
  });
});
