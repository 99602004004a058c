import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readInstanceReference } from '../../../src/slack/commands/grammar/instance-reference.ts';

describe('an instance reference a person typed or pasted', () => {
  it('reads project and id from a legacy Logview link, Slack-wrapped and &amp;-escaped', () => {
    const link =
      'http://logview.aliyun.com/logview/?h=http://service.odps.aliyun.com/api&p=my_proj&i=20160519101349613gzbzufck2&token=abc';
    const expected = { instanceId: '20160519101349613gzbzufck2', project: 'my_proj' };
    assert.deepEqual(readInstanceReference(link), expected);
    assert.deepEqual(readInstanceReference(`<${link.replaceAll('&', '&amp;')}|Logview>`), expected);
  });

  it('reads a Job Insights link and a bare id', () => {
    assert.deepEqual(
      readInstanceReference(
        'https://maxcompute.console.aliyun.com/cn-hangzhou/job-insights?h=https://x/api&p=test_proj&i=20261123043630619g9dgx325z',
      ),
      { instanceId: '20261123043630619g9dgx325z', project: 'test_proj' },
    );
    assert.deepEqual(readInstanceReference('20261123043630619g9dgx325z'), {
      instanceId: '20261123043630619g9dgx325z',
    });
  });

  it('refuses links whose id or project would inject into the path', () => {
    for (const bad of [
      'https://logview/x?p=my_proj&i=..%2F..%2Fadmin',
      'https://logview/x?p=../p&i=20160519101349613gzbzufck2',
      'https://logview/x?p=my_proj',
      'https://logview/x?i=20160519101349613gzbzufck2',
      'https://[bad',
    ]) {
      assert.equal(readInstanceReference(bad), undefined, bad);
    }
  });

  it('refuses a bare id that is not one', () => {
    for (const bad of ['../x', 'short', '20160519101349613gzbzufck2/..', '']) {
      assert.equal(readInstanceReference(bad), undefined, bad);
    }
  });
});
