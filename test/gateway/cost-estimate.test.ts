import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientGateway } from '../../src/gateway/client-gateway.ts';
import { toPortError } from '../../src/gateway/port-errors.ts';
import { MaxComputeCostNotEstimableError, MaxComputeInstanceFailedError } from '../../src/maxcompute/errors.ts';
import { GatewayError } from '../../src/tracker/gateway-error.ts';
import { TEST_PROJECT, useEmulator } from '../support/emulator.ts';

/** The port's estimateCost on the REST client, against the emulator: its answer and its errors in the port's terms. */

const { client } = await useEmulator();
const gateway = new ClientGateway(client());

describe('estimateCost through the port', () => {
  it('answers in the port’s terms', async () => {
    const estimate = await gateway.estimateCost(TEST_PROJECT, 'select * from pyodps_iris', {});
    assert.deepEqual(estimate, { inputBytes: 6800, complexity: 1, udfCount: 0 });
  });

  it('passes the hints and makes a refusal a not_estimable error with MaxCompute’s code and text', async () => {
    const refused = gateway.estimateCost(TEST_PROJECT, 'select 1', {
      'emulator.cost.fail': 'ODPS-0130013:Authorization exception',
    });
    await assert.rejects(refused, (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.deepEqual([error.code, error.serviceCode, error.retryable], ['not_estimable', 'ODPS-0130013', false]);
      assert.equal(error.serviceMessage, 'ODPS-0130013:Authorization exception');
      assert.ok(error.cause instanceof MaxComputeCostNotEstimableError);
      return true;
    });
    await assert.rejects(gateway.estimateCost(TEST_PROJECT, 'drop table orders', {}), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.serviceCode, 'ODPS-0130071');
      assert.match(error.serviceMessage ?? '', /does not support DROP statements/);
      return true;
    });
  });

  it('maps the not-estimable error alone to not_estimable; an instance failure stays internal', () => {
    const failure = new MaxComputeInstanceFailedError({
      instanceId: 'i',
      taskName: 'AnonymousSQLCostTask',
      taskStatus: 'FAILED',
      taskMessage: 'ODPS-0130071:[1,1] Semantic analysis exception - x',
    });
    assert.equal(
      (toPortError(new MaxComputeCostNotEstimableError(failure, 'ODPS-0130071')) as GatewayError).code,
      'not_estimable',
    );
    assert.equal((toPortError(failure) as GatewayError).code, 'internal');
  });
});
