import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSqlCost } from '../../../src/maxcompute/decode/sql-cost.ts';
import { decodeTaskResults } from '../../../src/maxcompute/decode/task-results.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';

/**
 * The SQLCost task's result text, as the SDKs read it (docs/maxcompute-protocol.md, "Estimating SQL
 * cost (the SQLCost task)"): PyODPS's get_sql_task_cost and the Java console read
 * `Cost.SQL.{Input, Complexity, UDF}` from the task's result.
 */

/** The Java SDK's documented example (CostResultParser): every value a string. */
const JAVA_EXAMPLE = '{"Cost": {"SQL": {"Input": "1840", "UDF": "0", "Complexity": "1.0"}}}';
/** What PyODPS's live test compares: numbers (udf_num == 0, complexity == 1.0, input_size >= 100). */
const NUMBERS = '{"Cost":{"SQL":{"Input":1840,"UDF":2,"Complexity":1.5}}}';

/** A ?result document with an SQLCost task, as the service lists it. */
const RESULT_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<Instance>
  <Tasks>
    <Task Type="SQLCost">
      <Name>AnonymousSQLCostTask</Name>
      <Result Format="text"><![CDATA[${NUMBERS}]]></Result>
      <Status>Success</Status>
    </Task>
  </Tasks>
</Instance>`;

describe('decodeSqlCost', () => {
  it('reads the Java example, numbers written as strings', () => {
    assert.deepEqual(decodeSqlCost(JAVA_EXAMPLE), { inputBytes: 1840, complexity: 1, udfCount: 0 });
  });

  it('reads numbers, as PyODPS compares them', () => {
    assert.deepEqual(decodeSqlCost(NUMBERS), { inputBytes: 1840, complexity: 1.5, udfCount: 2 });
  });

  it('reads the estimate out of a ?result document, plain or base64', () => {
    const [task] = decodeTaskResults(RESULT_DOCUMENT);
    assert.deepEqual([task?.name, task?.type, task?.status], ['AnonymousSQLCostTask', 'SQLCost', 'SUCCESS']);
    assert.deepEqual(decodeSqlCost(task?.text ?? ''), { inputBytes: 1840, complexity: 1.5, udfCount: 2 });
    const base64 = RESULT_DOCUMENT.replace(
      `<Result Format="text"><![CDATA[${NUMBERS}]]></Result>`,
      `<Result Format="text" Transform="Base64">${Buffer.from(JAVA_EXAMPLE).toString('base64')}</Result>`,
    );
    assert.deepEqual(decodeSqlCost(decodeTaskResults(base64)[0]?.text ?? ''), {
      inputBytes: 1840,
      complexity: 1,
      udfCount: 0,
    });
  });

  it('is liberal: no UDF is 0, keys in any case, spaces around numbers, past 2^53 rounded', () => {
    assert.deepEqual(decodeSqlCost('{"Cost":{"SQL":{"Input":0,"Complexity":1.0}}}'), {
      inputBytes: 0,
      complexity: 1,
      udfCount: 0,
    });
    assert.deepEqual(decodeSqlCost('{"cost":{"sql":{"input":" 12 ","complexity":" 2.0 ","udf":null}}}'), {
      inputBytes: 12,
      complexity: 2,
      udfCount: 0,
    });
    const huge = decodeSqlCost('{"Cost":{"SQL":{"Input":"123456789012345678901","Complexity":4}}}');
    assert.equal(huge.inputBytes, Number(123456789012345678901n));
  });

  it('refuses, not retryable, what is not an estimate', () => {
    for (const text of [
      'UDF:0\nComplexity:1.0\nInput:0 Bytes',
      '{"Cost":{"CPU":100,"Memory":1024,"Input":0}}',
      '{"Cost":{"SQL":{"Complexity":1}}}',
      '{"Cost":{"SQL":{"Input":-1,"Complexity":1}}}',
      '{"Cost":{"SQL":{"Input":"12 bytes","Complexity":1}}}',
      '{"Cost":{"SQL":{"Input":1.5,"Complexity":1}}}',
      '{"Cost":{"SQL":{"Input":1}}}',
      '{"Cost":{"SQL":{"Input":1,"Complexity":0}}}',
      '{"Cost":{"SQL":{"Input":1,"Complexity":1,"UDF":"two"}}}',
    ]) {
      assert.throws(
        () => decodeSqlCost(text),
        (error: unknown) => error instanceof MaxComputeDecodeError && !error.retryable && error.what === 'sqlcost',
        text,
      );
    }
  });
});
