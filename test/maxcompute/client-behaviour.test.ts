import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MaxComputeCredentialsError,
  MaxComputeInstanceFailedError,
  MaxComputeInvalidInputError,
  MaxComputeServiceError,
} from '../../src/maxcompute/errors.ts';
import { quickly, TEST_PROJECT, useEmulator } from '../support/emulator.ts';

const STS = { accessId: 'sts-access-id', secret: 'sts-secret', owner: 'ALIYUN$lambda-role@example.com' };
const { client, emulator } = await useEmulator({
  accounts: [
    { accessId: 'emulator-access-id', secret: 'emulator-secret', owner: 'ALIYUN$developer@example.com' },
    { accessId: 'other-id', secret: 'other-secret', owner: 'ALIYUN$someone-else@example.com' },
    { ...STS, securityToken: 'sts-token-1' },
  ],
  jobInsightHost: 'https://maxcompute.console.example.com',
});
const odps = client();

describe('submitting', () => {
  it('sends hints, priority, job name and set statements; the job name is filterable', async () => {
    const instance = await odps.runSql('set odps.sql.allow.fullscan=true;\nselect 42 as answer', {
      hints: { 'odps.sql.timezone': 'UTC' },
      priority: 1,
      jobName: 'nightly_report',
    });
    await instance.waitForSuccess(quickly);
    assert.equal(await instance.getTaskResult(), '"answer"\n42\n');
    const named: string[] = [];
    for await (const found of odps.listInstances({ jobName: 'nightly_report' })) named.push(found.id);
    assert.deepEqual(named, [instance.id]);
  });

  it('never creates a second instance for the same job Guid', async () => {
    const first = await odps.runSql('select 1', { guid: 'guid-dedup-1' });
    const second = await odps.runSql('select 1', { guid: 'guid-dedup-1' });
    assert.equal(second.id, first.id);
  });

  it('refuses empty SQL and bad priorities before any request', async () => {
    emulator.resetStats();
    await assert.rejects(odps.runSql('   '), MaxComputeInvalidInputError);
    await assert.rejects(odps.runSql('select 1', { priority: -1 }), MaxComputeInvalidInputError);
    await assert.rejects(odps.runSql('select 1', { project: '../x' }), MaxComputeInvalidInputError);
    assert.equal(emulator.stats().requests, 0);
  });

  it('reports bad SQL as a typed failure carrying the ODPS code', async () => {
    await assert.rejects(odps.executeSql('selec * form nowhere', quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeInstanceFailedError);
      assert.equal(error.odpsCode, 'ODPS-0130161');
      return true;
    });
    await assert.rejects(odps.executeSql('select * from no_such_table', quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeInstanceFailedError);
      assert.equal(error.odpsCode, 'ODPS-0130131');
      return true;
    });
  });

  it('waitForSuccess after a stop says which task and CANCELLED, as PyODPS does', async () => {
    const instance = await odps.runSql('select 1', { hints: { 'emulator.duration.ms': 60_000 } });
    await instance.stop();
    await assert.rejects(instance.waitForSuccess(quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeInstanceFailedError);
      assert.equal(error.taskMessage, 'AnonymousSQLTask, status=CANCELLED');
      return true;
    });
  });
});

describe('instance states', () => {
  it('reports Suspended, then runs and terminates', async () => {
    const instance = await odps.runSql('select 1', {
      hints: { 'emulator.suspended.ms': 300, 'emulator.duration.ms': 100 },
    });
    assert.equal(await instance.status(), 'Suspended');
    assert.equal(await instance.isTerminated(), false);
    assert.equal((await instance.getTaskStatuses()).tasks[0]?.status, 'SUSPENDED');
    await instance.waitForSuccess(quickly);
  });

  it('a fail hint ends the task FAILED with its text', async () => {
    const instance = await odps.runSql('select 1', {
      hints: { 'emulator.fail': 'ODPS-0130013:Authorization exception' },
    });
    await assert.rejects(instance.waitForSuccess(quickly), /ODPS-0130013:Authorization exception/);
  });
});

describe('XFlow', () => {
  it('Split runs two SQL sub-instances whose tables really partition the input', async () => {
    const xflow = await odps.runXflow(
      'Split',
      'algo_public',
      { inputTableName: 'pyodps_iris', output1TableName: 'iris_train', output2TableName: 'iris_test', fraction: '0.6' },
      { hints: { 'emulator.duration.ms': 50 } },
    );
    await xflow.waitForSuccess(quickly);
    const subs = await xflow.getXflowSubInstances();
    assert.equal(subs.size, 2);
    const links = await Promise.all([...subs.values()].map((sub) => sub.getLogviewAddress()));
    assert.equal(new Set(links).size, 2);
    for (const sub of subs.values()) assert.equal(await sub.isSuccessful(), true);
    const counts = await odps.executeSql(
      'select (select count(*) from iris_train) as train, (select count(*) from iris_test) as test',
      quickly,
    );
    const [row] = (await counts.getResultTable()).rows;
    assert.equal(Number(row?.[0]) + Number(row?.[1]), 150);
    assert.ok(Number(row?.[0]) > Number(row?.[1]));
  });

  it('an unknown algorithm ends the instance failed, with the reason', async () => {
    const xflow = await odps.runXflow('LogisticRegression', 'algo_public', { inputTableName: 'pyodps_iris' });
    await assert.rejects(xflow.waitForSuccess(quickly), MaxComputeInstanceFailedError);
  });
});

describe('Logview flavours', () => {
  it('builds a Job Insights link (no token) when a region is known and legacy Logview is off', async () => {
    const regional = client({ region: 'cn-hangzhou', logview: { legacy: false } });
    const { id } = await regional.runSql('select 1');
    emulator.resetStats();
    const link = await regional.getInstance(id).getLogviewAddress();
    assert.equal(
      link,
      `https://maxcompute.console.example.com/cn-hangzhou/job-insights?h=${emulator.endpoint}&p=${TEST_PROJECT}&i=${id}`,
    );
    // Only the one-time host discovery: no token is signed for a Job Insights link.
    assert.equal(emulator.stats().requests, 1, JSON.stringify(emulator.stats().byKind));
  });

  it('keeps legacy Logview for an IP endpoint even with a region, as PyODPS does', async () => {
    const regional = client({ region: 'cn-hangzhou' });
    const { id } = await regional.runSql('select 1');
    assert.match(await regional.getInstance(id).getLogviewAddress(), /\/logview\/\?h=.*&token=/);
  });
});

describe('listing', () => {
  it('pages with the marker until the last page, and filters combine', async () => {
    const mine: string[] = [];
    for (let n = 0; n < 7; n++) {
      const quick = { jobName: 'paging_run', hints: { 'emulator.duration.ms': 0 } };
      mine.push((await odps.runSql(`select ${n}`, quick)).id);
    }
    const pages: string[][] = [];
    for await (const page of odps.listInstancePages({ jobName: 'paging_run', pageSize: 3 })) {
      pages.push(page.instances.map((instance) => instance.id));
    }
    assert.deepEqual(
      pages.map((page) => page.length),
      [3, 3, 1],
    );
    assert.deepEqual(pages.flat().sort(), [...mine].sort());

    const longOne = await odps.runSql('select 1', { jobName: 'paging_run', hints: { 'emulator.duration.ms': 60_000 } });
    const running: string[] = [];
    for await (const found of odps.listInstances({ jobName: 'paging_run', status: 'Running' })) running.push(found.id);
    assert.deepEqual(running, [longOne.id]);
    await longOne.stop();
  });

  it('onlyOwner shows only the caller; a time range excludes instances outside it', async () => {
    const other = client({ credentials: { accessId: 'other-id', secret: 'other-secret' } });
    const theirs = await other.runSql('select 1', { jobName: 'owner_filter' });
    const ours = await odps.runSql('select 1', { jobName: 'owner_filter' });
    const onlyMine: string[] = [];
    for await (const found of odps.listInstances({ jobName: 'owner_filter', onlyOwner: true })) onlyMine.push(found.id);
    assert.deepEqual(onlyMine, [ours.id]);
    const all: string[] = [];
    for await (const found of odps.listInstances({ jobName: 'owner_filter', onlyOwner: false })) all.push(found.id);
    assert.deepEqual(all.sort(), [theirs.id, ours.id].sort());

    const hourAgo = new Date(Date.now() - 3_600_000);
    const inPast: string[] = [];
    for await (const found of odps.listInstances({
      jobName: 'owner_filter',
      from: hourAgo,
      to: new Date(hourAgo.getTime() + 60_000),
    })) {
      inPast.push(found.id);
    }
    assert.deepEqual(inPast, []);
    await assert.rejects(
      odps.listInstances({ from: new Date(2), to: new Date(1) }).next(),
      MaxComputeInvalidInputError,
    );
  });
});

describe('authentication', () => {
  it('a wrong secret is refused with SignatureNotMatch, not retried', async () => {
    const bad = client({ credentials: { accessId: 'emulator-access-id', secret: 'wrong' } });
    emulator.resetStats();
    await assert.rejects(bad.runSql('select 1'), (error: unknown) => {
      assert.ok(error instanceof MaxComputeServiceError);
      assert.equal(error.serviceCode, 'SignatureNotMatch');
      assert.equal(error.httpStatus, 401);
      assert.equal(error.retryable, false);
      assert.ok(error.requestId);
      return true;
    });
    assert.equal(emulator.stats().requests, 1);
  });

  it('signs v4 when a region is set', async () => {
    const v4 = client({ region: 'cn-hangzhou' });
    const instance = await v4.executeSql('select 1 as one', quickly);
    assert.equal(await instance.getTaskResult(), '"one"\n1\n');
  });

  it('sends the STS security token, and the emulator insists on it', async () => {
    const withToken = client({ credentials: { ...STS, securityToken: 'sts-token-1' } });
    assert.equal(await (await withToken.runSql('select 1')).status(), 'Running');
    const withoutToken = client({ credentials: STS });
    await assert.rejects(withoutToken.runSql('select 1'), MaxComputeServiceError);
  });
});

describe('a credentials provider', () => {
  it('is asked before every request, so renewed credentials sign the later ones', async () => {
    const sts = { ...STS, securityToken: 'sts-token-1' };
    const other = { accessId: 'other-id', secret: 'other-secret' };
    let asked = 0;
    // The first request (the submission) is signed with the STS credentials, every later one with
    // others: the instance's owner says which signed the create, the reads succeed with the second.
    const rotating = client({ credentials: { current: async () => (asked++ === 0 ? sts : other) } });
    const instance = await rotating.executeSql('select 2 as two', quickly);
    assert.equal(await instance.getTaskResult(), '"two"\n2\n');
    assert.equal((await odps.getInstance(instance.id).getStatusInfo()).owner, STS.owner);
    assert.ok(asked >= 3, `asked ${asked} times`);
  });

  it('a provider that fails sends nothing, is not retried, and says why with its own verdict', async () => {
    emulator.resetStats();
    let asked = 0;
    const throttled = Object.assign(new Error('Throttling.User: Request was denied due to user flow control'), {
      code: 'Throttling.User',
      retryable: true,
    });
    const failing = client({
      credentials: {
        current: async () => {
          asked += 1;
          throw throttled;
        },
      },
    });
    await assert.rejects(failing.runSql('select 1', { guid: 'guid-credentials-1' }), (error: unknown) => {
      assert.ok(error instanceof MaxComputeCredentialsError, String(error));
      assert.equal(error.retryable, true);
      assert.equal(error.cause, throttled);
      return true;
    });
    assert.equal(asked, 1);
    assert.equal(emulator.stats().requests, 0);
  });
});

describe('input validation', () => {
  it('rejects hostile ids and links before any request is built', async () => {
    emulator.resetStats();
    for (const bad of ['../../projects/x', '20240315083000123gk4m2p9x1/../../x', '%2e%2e%2fx', 'id?taskstatus', '']) {
      assert.throws(() => odps.getInstance(bad), MaxComputeInvalidInputError);
      await assert.rejects(odps.existInstance(bad), MaxComputeInvalidInputError);
      await assert.rejects(odps.stopInstance(bad), MaxComputeInvalidInputError);
    }
    assert.throws(() => odps.getInstance('20240315083000123gk4m2p9x1', 'a/b'), MaxComputeInvalidInputError);
    assert.equal(emulator.stats().requests, 0);
  });

  it('an unknown instance is NoSuchObject on reads', async () => {
    await assert.rejects(odps.getInstance('20000101000000000gnotthere').status(), (error: unknown) => {
      assert.ok(error instanceof MaxComputeServiceError);
      assert.equal(error.serviceCode, 'NoSuchObject');
      assert.equal(error.httpStatus, 404);
      return true;
    });
  });

  it(`uses the project given per call (${TEST_PROJECT} is the default)`, async () => {
    await assert.rejects(odps.runSql('select 1', { project: 'not_a_project' }), (error: unknown) => {
      assert.ok(error instanceof MaxComputeServiceError);
      assert.equal(error.serviceCode, 'NoSuchProject');
      return true;
    });
  });
});
