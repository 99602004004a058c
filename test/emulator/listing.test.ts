import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { assertXmlError } from './support/assertions.ts';
import { sqlJobXml, startHarness } from './support/harness.ts';
import { parseXmlBody, SignedClient } from './support/signed-client.ts';

/** GET /projects/{p}/instances: filters (AND), ascending ids, marker paging. */

const OTHER = { accessId: 'other-id', secret: 'other-secret', owner: 'ALIYUN$other@example.com' };
const h = await startHarness({ accounts: [DEMO_ACCOUNT, OTHER], maxListItems: 100 });
const other = new SignedClient(h.emulator.endpoint, OTHER, h.clock.read);
after(() => other.close());

interface Listed {
  Name: string;
  Owner: string;
  StartTime: string;
  EndTime?: string;
  Status: string;
}
interface Page {
  marker: string;
  maxItems: string;
  instances: Listed[];
}

async function list(query = '', client: SignedClient = h.client): Promise<Page> {
  const reply = await client.send('GET', `/projects/${h.project}/instances${query}`);
  assert.equal(reply.status, 200, reply.body);
  const doc = parseXmlBody(reply.body) as { Instances: { Marker: string; MaxItems: string; Instance?: Listed[] } };
  return { marker: doc.Instances.Marker, maxItems: doc.Instances.MaxItems, instances: doc.Instances.Instance ?? [] };
}

const names = (page: Page) => page.instances.map((i) => i.Name);
const ids: Record<string, string> = {};
let startSecond = 0;

before(async () => {
  startSecond = Math.floor(h.clock.now / 1000);
  ids.doneA = await h.submit('select 1', { name: 'nightly' });
  h.clock.advance(2000);
  ids.doneB = await h.submit('select 2', { name: 'adhoc' });
  h.clock.advance(2000);
  const reply = await other.send('POST', `/projects/${h.project}/instances`, {
    body: sqlJobXml('select 3', { name: 'nightly' }),
    contentType: 'application/xml',
  });
  ids.otherRunning = (reply.headers.location ?? '').split('/').pop() ?? '';
  h.clock.advance(500);
  ids.suspended = await h.submit('select 4', { settings: { 'emulator.suspended.ms': '60000' } });
  ids.running = await h.submit('select 5', { settings: { 'emulator.duration.ms': '60000' } });
});

describe('listing', () => {
  test('every instance, ascending by id, with the spec children and an empty marker on the last page', async () => {
    const page = await list();
    assert.deepEqual(names(page), Object.values(ids).sort());
    assert.equal(page.marker, '');
    assert.equal(page.maxItems, '100');
    const done = page.instances.find((i) => i.Name === ids.doneA);
    assert.equal(done?.Status, 'Terminated');
    assert.equal(done?.Owner, DEMO_ACCOUNT.owner);
    assert.equal(typeof done?.EndTime, 'string');
    const running = page.instances.find((i) => i.Name === ids.running);
    assert.equal(running?.EndTime, undefined);
  });

  test('status filter uses the status by the clock', async () => {
    assert.deepEqual(names(await list('?status=Terminated')), [ids.doneA, ids.doneB].sort());
    assert.deepEqual(names(await list('?status=Suspended')), [ids.suspended]);
    assert.deepEqual(names(await list('?status=Running')).sort(), [ids.otherRunning, ids.running].sort());
    assertXmlError(await h.get(`/projects/${h.project}/instances?status=Done`), 400, 'ODPS-0420061');
  });

  test('onlyowner=yes keeps the caller’s instances', async () => {
    assert.deepEqual(names(await list('?onlyowner=yes', other)), [ids.otherRunning]);
    assert.equal(names(await list('?onlyowner=yes')).includes(ids.otherRunning ?? ''), false);
    assert.equal(names(await list('?onlyowner=no', other)).length, 5);
  });

  test('jobname and daterange (epoch seconds, open ends, inclusive) combine with AND', async () => {
    assert.deepEqual(names(await list('?jobname=nightly')).sort(), [ids.doneA, ids.otherRunning].sort());
    assert.deepEqual(names(await list('?jobname=nightly&status=Terminated')), [ids.doneA]);
    assert.deepEqual(names(await list(`?daterange=${startSecond + 2}%3A${startSecond + 2}`)), [ids.doneB]);
    assert.deepEqual(names(await list(`?daterange=${startSecond + 4}%3A`)).length, 3);
    assert.deepEqual(names(await list(`?daterange=%3A${startSecond}`)), [ids.doneA]);
    assert.deepEqual(names(await list(`?daterange=${startSecond + 2}:&jobname=nightly&onlyowner=yes`)), []);
    assertXmlError(await h.get(`/projects/${h.project}/instances?daterange=yesterday`), 400, 'ODPS-0420061');
  });

  test('maxitems pages with an opaque marker, base64 of `<last id>*`', async () => {
    const all = names(await list());
    const seen: string[] = [];
    let marker = '';
    let pages = 0;
    do {
      const page = await list(`?maxitems=2${marker === '' ? '' : `&marker=${encodeURIComponent(marker)}`}`);
      assert.equal(page.maxItems, '2');
      seen.push(...names(page));
      if (page.marker !== '') assert.equal(Buffer.from(page.marker, 'base64').toString(), `${names(page).at(-1)}*`);
      marker = page.marker;
      pages += 1;
    } while (marker !== '' && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, all);
  });

  test('an unknown project is 404 NoSuchProject', async () => {
    assertXmlError(await h.get('/projects/no_such_project/instances'), 404, 'NoSuchProject');
  });
});
