import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { MaxComputeInvalidInputError } from '../../src/maxcompute/errors.ts';
import { normaliseQuery, sqlJobXml, xflowJobXml } from '../../src/maxcompute/job-xml.ts';
import { settingsFromSetStatements } from '../../src/maxcompute/sql-settings.ts';

const parser = new XMLParser({ parseTagValue: false, cdataPropName: false, trimValues: false });

function job(sql: string, extra: Partial<Parameters<typeof sqlJobXml>[0]> = {}) {
  return sqlJobXml({
    sql,
    taskName: 'AnonymousSQLTask',
    settings: { 'odps.sql.allow.fullscan': 'true' },
    priority: 9,
    guid: 'g-1',
    uuid: 'u-1',
    ...extra,
  });
}

describe('job XML', () => {
  it('writes the SQL job in the SDK element order', () => {
    const xml = job('select 1', { jobName: 'nightly <etl>' });
    const order = [...xml.matchAll(/<(Name|Priority|Guid|Tasks|SQL|Config|Query|DAG|RunMode)>/g)].map((m) => m[1]);
    assert.deepEqual(order, [
      'Name',
      'Priority',
      'Guid',
      'Tasks',
      'SQL',
      'Name',
      'Config',
      'Name',
      'Name',
      'Query',
      'DAG',
      'RunMode',
    ]);
    const doc = parser.parse(xml);
    assert.equal(doc.Instance.Job.Name, 'nightly <etl>');
    assert.equal(doc.Instance.Job.Tasks.SQL.Query, 'select 1;');
    const [settings, uuid] = doc.Instance.Job.Tasks.SQL.Config.Property;
    assert.deepEqual(JSON.parse(settings.Value), { 'odps.sql.allow.fullscan': 'true' });
    assert.equal(uuid.Value, 'u-1');
  });

  it('writes an SQLCost job as the SQL job with only the task element changed, as PyODPS does', () => {
    const sql = job('select 1', { jobName: 'nightly' });
    const cost = job('select 1', { jobName: 'nightly', taskType: 'SQLCost', taskName: 'AnonymousSQLCostTask' });
    assert.equal(
      cost,
      sql
        .replace('<SQL>', '<SQLCost>')
        .replace('</SQL>', '</SQLCost>')
        .replace('AnonymousSQLTask', 'AnonymousSQLCostTask'),
    );
    assert.equal(parser.parse(cost).Instance.Job.Tasks.SQLCost.Query, 'select 1;');
  });

  it('keeps any SQL text intact through CDATA, including ]]>', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).map((s) => `select '${s}]]>${s}'`),
        (sql) => {
          const doc = parser.parse(job(sql));
          assert.equal(doc.Instance.Job.Tasks.SQL.Query, normaliseQuery(sql));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses a negative or fractional priority', () => {
    assert.throws(() => job('select 1', { priority: -1 }), MaxComputeInvalidInputError);
    assert.throws(() => job('select 1', { priority: 1.5 }), MaxComputeInvalidInputError);
  });

  it('writes an XFlow job with escaped parameters and optional parts left out', () => {
    const bare = parser.parse(
      xflowJobXml({ xflowName: 'AppendID', xflowProject: 'algo_public', parameters: { a: 'x&y' }, settings: {} }),
    );
    assert.equal(bare.Instance.XflowInstance.Xflow, 'AppendID');
    assert.equal(bare.Instance.XflowInstance.Parameters.Parameter.Value, 'x&y');
    assert.equal(bare.Instance.XflowInstance.Priority, undefined);
    assert.equal(bare.Instance.XflowInstance.Config, undefined);
    const full = parser.parse(
      xflowJobXml({
        xflowName: 'Split',
        xflowProject: 'algo_public',
        parameters: {},
        settings: { 'odps.algo.hint': '1' },
        priority: 1,
      }),
    );
    assert.equal(full.Instance.XflowInstance.Priority, '1');
    assert.equal(full.Instance.XflowInstance.Config.Property.Name, 'settings');
  });
});

describe('set statements as settings', () => {
  it('reads leading set statements, past comments, and stops at the first query', () => {
    const sql = `-- nightly\nset odps.sql.allow.fullscan=true;\n/* quota */ SET odps.task.wlm.quota = q1 ;\nselect 1; set late=1;`;
    assert.deepEqual(settingsFromSetStatements(sql), {
      'odps.sql.allow.fullscan': 'true',
      'odps.task.wlm.quota': 'q1',
    });
    assert.deepEqual(settingsFromSetStatements('select 1'), {});
    assert.deepEqual(settingsFromSetStatements('settle;'), {});
  });
});
