import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeXflowActions } from '../../../src/maxcompute/decode/xflow-actions.ts';
import { instanceResponses, spec, stepResult } from './fixtures.ts';

describe('decodeXflowActions', () => {
  it('decodes the spec example', () => {
    assert.deepEqual(decodeXflowActions(spec.xresult), [
      { name: 'lr_train', nodeType: 'Instance', instanceId: '20240102030405006gsubinst1', result: 'OK' },
      { name: 'nested', nodeType: 'SubWorkflow', instanceId: '20240102030406007gsubflow2' },
      { name: 'local_step', nodeType: 'Local' },
    ]);
  });

  it('agrees with PyODPS on the captured ?xresult', () => {
    const captured = instanceResponses('xresult');
    assert.ok(captured.length >= 1);
    for (const e of captured) {
      const actions = decodeXflowActions(e.body);
      assert.deepEqual(
        Object.fromEntries(actions.map((a) => [a.name, { node_type: a.nodeType, instance_id: a.instanceId ?? null }])),
        stepResult('get_xflow_results'),
      );
      const subInstances = actions.filter((a) => a.nodeType !== 'Local').map((a) => [a.name, a.instanceId]);
      assert.deepEqual(Object.fromEntries(subInstances), stepResult('get_xflow_sub_instances'));
    }
  });

  it('reads a nested (PyODPS-style) Result without text as no result, and decodes Base64', () => {
    const body =
      '<Xinstance><Actions>' +
      '<Action NodeType="Instance"><Name>a</Name><InstanceId>1</InstanceId>' +
      '<Result><Tasks><Task><Name>x</Name></Task></Tasks></Result></Action>' +
      `<Action NodeType="Instance"><Name>b</Name><Result Transform="Base64">${btoa('hi')}</Result></Action>` +
      '</Actions></Xinstance>';
    assert.deepEqual(decodeXflowActions(body), [
      { name: 'a', nodeType: 'Instance', instanceId: '1' },
      { name: 'b', nodeType: 'Instance', result: 'hi' },
    ]);
  });

  it('reads a missing or empty <Actions> as no actions', () => {
    assert.deepEqual(decodeXflowActions('<Xinstance/>'), []);
    assert.deepEqual(decodeXflowActions('<Xinstance><Actions></Actions></Xinstance>'), []);
    assert.throws(() => decodeXflowActions('<Instance/>'), /expected one root <Xinstance>/);
  });
});
