import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeInstanceList } from '../../../src/maxcompute/decode/instance-list.ts';
import { exchanges, spec } from './fixtures.ts';

describe('decodeInstanceList', () => {
  it('decodes the spec example', () => {
    assert.deepEqual(decodeInstanceList(spec.instanceList), {
      marker: 'MjAxNTExMTAwMzA3MjIzODRnaGlzdDczOCo=',
      maxItems: 3,
      instances: [
        {
          id: '20151110030720543ggist738',
          owner: 'ALIYUN$someone@example.com',
          status: 'Terminated',
          startTime: new Date('2015-11-10T03:07:20Z'),
          endTime: new Date('2015-11-10T03:07:21Z'),
        },
      ],
    });
  });

  it('pages through the captured listings as PyODPS did', () => {
    for (const step of ['list_instances_all', 'list_instances_filtered', 'list_instances_running']) {
      const pages = exchanges.filter((e) => e.step === step).map((e) => decodeInstanceList(e.body));
      assert.ok(pages.length >= 1);
      // Every page but the last carries a marker.
      assert.deepEqual(
        pages.map((p) => p.marker === undefined),
        pages.map((_, i) => i === pages.length - 1),
      );
      const ids = pages.flatMap((p) => p.instances.map((i) => i.id));
      const pyodps = exchanges.find((e) => e.step === step)?.pyodpsResult.value as unknown[];
      assert.deepEqual(
        ids,
        pyodps.map((v) => (Array.isArray(v) ? v[0] : v)),
      );
      for (const page of pages) assert.equal(page.maxItems, 1000);
    }
  });

  it('reads a missing marker, MaxItems and optional fields as undefined', () => {
    const page = decodeInstanceList(
      '<Instances><Instance><Name>2016042605520945g9k5pvyi2</Name><Status>Running</Status><EndTime/></Instance></Instances>',
    );
    assert.deepEqual(page, { instances: [{ id: '2016042605520945g9k5pvyi2', status: 'Running' }] });
    assert.deepEqual(decodeInstanceList('<Instances/>'), { instances: [] });
  });

  it('refuses an instance without a name or with an unknown status', () => {
    assert.throws(
      () => decodeInstanceList('<Instances><Instance><Status>Running</Status></Instance></Instances>'),
      /<Name>/,
    );
    assert.throws(
      () => decodeInstanceList('<Instances><Instance><Name>x</Name><Status>Gone</Status></Instance></Instances>'),
      /unknown instance status/,
    );
  });
});
