import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdentityInputError, type IdentityInputField } from '../../src/identity/identity-input.ts';
import type { IdentityMapping, IdentityMappingStore, MappingListing } from '../../src/identity/identity-mappings.ts';
import { arn, group, mapping, T0, user } from '../support/identity-fixtures.ts';

/** Builds an empty store for one test (a table of its own for DynamoDB, so listings see only the test's). */
export type IdentityMappingStoreFactory = () => Promise<IdentityMappingStore>;

/** Each page of a listing from the first, with the page size asked for. */
export async function allPages(store: IdentityMappingStore, limit?: number): Promise<MappingListing[]> {
  const pages: MappingListing[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...(cursor === undefined ? {} : { cursor }), ...(limit ? { limit } : {}) });
    pages.push(page);
    cursor = page.cursor;
    assert.ok(pages.length < 50, 'the listing ends');
  } while (cursor !== undefined);
  return pages;
}

export function ids(mappings: readonly IdentityMapping[]): string[] {
  return mappings.map(({ subject }) => (subject.kind === 'user' ? subject.userId : subject.groupId));
}

export function refusedFor(field: IdentityInputField) {
  return (error: unknown) => {
    assert.ok(error instanceof IdentityInputError, String(error));
    assert.equal(error.field, field, error.message);
    assert.equal(error.code, 'invalid_field');
    return true;
  };
}

/** Inputs every store refuses before it sends anything, each with the field it names. */
export const REFUSED_INPUTS: readonly {
  readonly what: string;
  readonly field: IdentityInputField;
  readonly call: (store: IdentityMappingStore) => Promise<unknown>;
}[] = [
  { what: 'a lower-case user id', field: 'userId', call: (s) => s.get(user('u0ada')) },
  { what: 'a channel id as a user', field: 'userId', call: (s) => s.get(user('C0ADA')) },
  { what: 'a user id with a #', field: 'userId', call: (s) => s.remove(user('U0#ADA')) },
  { what: 'a user id as a group', field: 'groupId', call: (s) => s.get(group('U0ADA')) },
  { what: 'a subject of no kind', field: 'subject', call: (s) => s.get({ kind: 'team' } as never) },
  {
    what: 'a user’s ARN',
    field: 'roleArn',
    call: (s) => s.put(mapping(user('U0ADA'), '', { roleArn: 'acs:ram::123:user/ada' })),
  },
  { what: 'an ARN with a path', field: 'roleArn', call: (s) => s.put(mapping(user('U0ADA'), 'team/analyst')) },
  {
    what: 'an ARN in quotes',
    field: 'roleArn',
    call: (s) => s.put(mapping(user('U0ADA'), '', { roleArn: `"${arn('a')}"` })),
  },
  {
    what: 'an ARN with a space',
    field: 'roleArn',
    call: (s) => s.put(mapping(user('U0ADA'), '', { roleArn: ` ${arn('a')}` })),
  },
  {
    what: 'a mapper who is nobody',
    field: 'mappedBy',
    call: (s) => s.put(mapping(user('U0ADA'), 'a', { mappedBy: 'ada' })),
  },
  {
    what: 'a time that is no epoch',
    field: 'mappedAt',
    call: (s) => s.put(mapping(user('U0ADA'), 'a', { mappedAt: 1.5 })),
  },
  { what: 'a page of none', field: 'limit', call: (s) => s.list({ limit: 0 }) },
  { what: 'a page of 101', field: 'limit', call: (s) => s.list({ limit: 101 }) },
  { what: 'a cursor that is not one', field: 'cursor', call: (s) => s.list({ cursor: 'not-a-cursor' }) },
  {
    what: 'a cursor naming a key that is no id',
    field: 'cursor',
    call: (s) => s.list({ cursor: Buffer.from(JSON.stringify({ k: 'user', a: 'x#y' })).toString('base64url') }),
  },
];

/** The behaviour every IdentityMappingStore adapter shares, registered under `describe(name)`. */
export function identityMappingStoreContract(name: string, factory: IdentityMappingStoreFactory): void {
  describe(`${name}: get, put, remove`, () => {
    it('puts a mapping, reads it back, and returns the one it replaced', async () => {
      const store = await factory();
      assert.equal(await store.get(user('U0ADA')), undefined);
      const first = mapping(user('U0ADA'), 'analyst');
      assert.equal(await store.put(first), undefined, 'nothing replaced');
      assert.deepEqual(await store.get(user('U0ADA')), first);
      const second = mapping(user('U0ADA'), 'lead', { mappedBy: 'W0GRIDADMIN', mappedAt: T0 + 1000 });
      assert.deepEqual(await store.put(second), first);
      assert.deepEqual(await store.get(user('U0ADA')), second);
    });

    it('keeps a user and a group apart, and the role ARN as parseRoleArn spells it', async () => {
      const store = await factory();
      await store.put(mapping(user('U0ADA'), '', { roleArn: 'acs:ram::1234567890123456:ROLE/Analyst' }));
      await store.put(mapping(group('S0LEADS'), 'lead', { mappedBy: 'config' }));
      assert.equal((await store.get(user('U0ADA')))?.roleArn, arn('Analyst'), 'role/ in lower case, the name as given');
      assert.deepEqual(await store.get(group('S0LEADS')), mapping(group('S0LEADS'), 'lead', { mappedBy: 'config' }));
      assert.equal(await store.get(user('U0LEADS')), undefined);
    });

    it('keeps only the mapping’s own fields, and shares no object with its caller', async () => {
      const store = await factory();
      const given = { ...mapping(user('U0ADA'), 'analyst'), note: 'not a field' } as IdentityMapping;
      await store.put(given);
      const read = await store.get(user('U0ADA'));
      assert.deepEqual(read, mapping(user('U0ADA'), 'analyst'));
      (read?.subject as { userId: string }).userId = 'U0CHANGED';
      assert.deepEqual(await store.get(user('U0ADA')), mapping(user('U0ADA'), 'analyst'));
    });

    it('removes a mapping and returns it; removing it again returns undefined', async () => {
      const store = await factory();
      await store.put(mapping(user('U0ADA'), 'analyst'));
      await store.put(mapping(group('S0LEADS'), 'lead'));
      assert.deepEqual(await store.remove(user('U0ADA')), mapping(user('U0ADA'), 'analyst'));
      assert.equal(await store.get(user('U0ADA')), undefined);
      assert.equal(await store.remove(user('U0ADA')), undefined);
      assert.deepEqual(await store.get(group('S0LEADS')), mapping(group('S0LEADS'), 'lead'), 'the group stays');
    });

    it('of 10 concurrent puts of one user, each replaces exactly one other and one stands', async () => {
      const store = await factory();
      const roles = Array.from({ length: 10 }, (_, i) => `role${i}`);
      const replaced = await Promise.all(roles.map((role) => store.put(mapping(user('U0ADA'), role))));
      const standing = (await store.get(user('U0ADA')))?.roleArn;
      assert.equal(replaced.filter((each) => each === undefined).length, 1, 'exactly one replaced nothing');
      const told = replaced.flatMap((each) => (each ? [each.roleArn] : []));
      assert.deepEqual([...told, standing].sort(), roles.map(arn).sort(), 'every put is replaced once, but one');
    });

    it('of 5 concurrent removes of one mapping, exactly one returns it', async () => {
      const store = await factory();
      await store.put(mapping(user('U0ADA'), 'analyst'));
      const removed = await Promise.all(Array.from({ length: 5 }, () => store.remove(user('U0ADA'))));
      assert.equal(removed.filter((each) => each !== undefined).length, 1);
    });
  });

  describe(`${name}: list and groups`, () => {
    it('lists nothing from an empty store, with no cursor', async () => {
      const store = await factory();
      assert.deepEqual(await store.list(), { mappings: [] });
      assert.deepEqual(await store.groups(), []);
    });

    it('lists groups, then users, each by id, a page at a time; each mapping once, no empty last page', async () => {
      const store = await factory();
      const users = ['U0EVE', 'U0ADA', 'W0GRID', 'U0BOB', 'U0CAROL'];
      const groups = ['S0ZED', 'S0LEADS', 'S0ANALYSTS'];
      for (const id of users) await store.put(mapping(user(id), `r-${id}`));
      for (const id of groups) await store.put(mapping(group(id), `r-${id}`));
      const expected = [...[...groups].sort(), ...[...users].sort()];
      const pages = await allPages(store, 3);
      assert.deepEqual(
        pages.map((page) => ids(page.mappings)),
        [expected.slice(0, 3), expected.slice(3, 6), expected.slice(6)],
      );
      assert.deepEqual(ids((await store.list()).mappings), expected, 'the default page holds them all');
      assert.equal((await store.list()).cursor, undefined);
      assert.deepEqual(ids((await allPages(store, 1)).flatMap((page) => page.mappings)), expected);
    });

    it('a page that ends with the last group says whether users follow', async () => {
      const store = await factory();
      await store.put(mapping(group('S0A'), 'a'));
      await store.put(mapping(group('S0B'), 'b'));
      assert.deepEqual(await store.list({ limit: 2 }), {
        mappings: [mapping(group('S0A'), 'a'), mapping(group('S0B'), 'b')],
      });
      await store.put(mapping(user('U0A'), 'c'));
      const [first, second, ...rest] = await allPages(store, 2);
      assert.deepEqual(ids(first?.mappings ?? []), ['S0A', 'S0B']);
      assert.ok(first?.cursor);
      assert.deepEqual(second, { mappings: [mapping(user('U0A'), 'c')] });
      assert.equal(rest.length, 0);
    });

    it('a cursor goes on from where its page ended, past mappings removed or added meanwhile', async () => {
      const store = await factory();
      for (const id of ['U0A', 'U0B', 'U0C', 'U0D']) await store.put(mapping(user(id), id));
      const first = await store.list({ limit: 2 });
      await store.remove(user('U0B'));
      await store.remove(user('U0C'));
      await store.put(mapping(user('U0AA'), 'before-the-cursor'));
      await store.put(mapping(group('S0NEW'), 'a-group-listed-first'));
      assert.deepEqual(
        ids((await store.list({ limit: 2, ...(first.cursor ? { cursor: first.cursor } : {}) })).mappings),
        ['U0D'],
      );
    });

    it('groups() gives only the group mappings, by id', async () => {
      const store = await factory();
      await store.put(mapping(user('U0ADA'), 'analyst'));
      await store.put(mapping(group('S0ZED'), 'z'));
      await store.put(mapping(group('S0ABC'), 'a'));
      assert.deepEqual(await store.groups(), [mapping(group('S0ABC'), 'a'), mapping(group('S0ZED'), 'z')]);
    });
  });

  describe(`${name}: input`, () => {
    for (const { what, field, call } of REFUSED_INPUTS) {
      it(`refuses ${what} (${field})`, async () => {
        const store = await factory();
        await assert.rejects(call(store), refusedFor(field));
        assert.deepEqual(await store.list(), { mappings: [] }, 'nothing was written');
      });
    }
  });
}
