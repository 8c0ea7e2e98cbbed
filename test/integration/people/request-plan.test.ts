import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal, type SeededPortal } from '../../support/seed-portal';
import { BitrixError } from '../../../server/bitrix/bitrix-errors';
import type { BatchCommand, BatchResult } from '../../../server/bitrix/rest-types';
import { mirrorPeopleByIds, mirrorWorkgroupPeople, type PeopleBitrix } from '../../../server/people/mirror-people';

/**
 * How many requests the people mirror makes, at the sizes that matter (a 10,000-member workgroup),
 * against an in-process stand-in for the REST client that answers instantly and checks Bitrix24's
 * limits: at most 50 commands per batch, at most 50 rows per user.get.
 */
function standIn(members: number[], options: { failCommand?: string } = {}) {
  const requests: string[] = [];
  const bitrix: PeopleBitrix = {
    call: (async (_portal: unknown, _actor: unknown, method: string) => {
      requests.push(method);
      if (method !== 'sonet_group.user.get') throw new Error(`unexpected ${method}`);
      return { result: members.map((id, i) => ({ USER_ID: String(id), ROLE: i === 0 ? 'A' : 'K' })) };
    }) as PeopleBitrix['call'],
    batch: (async (_portal: unknown, _actor: unknown, commands: Record<string, BatchCommand> | BatchCommand[]): Promise<BatchResult> => {
      requests.push('batch');
      const keyed = Array.isArray(commands) ? Object.fromEntries(commands.map((command, i) => [String(i), command])) : commands;
      if (Object.keys(keyed).length > 50) throw new BitrixError('ERROR_BATCH_LENGTH_EXCEEDED', '', 400, 'batch');
      const answer: BatchResult = { result: {}, errors: {}, total: {}, next: {} };
      for (const [key, [method, params]] of Object.entries(keyed)) {
        const ids = ((params?.FILTER as Record<string, unknown>)['@ID'] as number[]) ?? [];
        if (method !== 'user.get' || ids.length > 50) throw new Error(`bad command ${method} with ${ids.length} ids`);
        if (key === options.failCommand) {
          answer.errors[key] = { error: 'ACCESS_DENIED', error_description: 'Access denied' };
          continue;
        }
        answer.result[key] = ids.map((id) => ({ ID: String(id), ACTIVE: true, NAME: `User ${id}`, LAST_NAME: 'Test', UF_DEPARTMENT: [1] }));
      }
      return answer;
    }) as PeopleBitrix['batch'],
  };
  return { bitrix, requests };
}

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

describe('the number of requests of the people mirror', () => {
  let t: TestDatabase;
  let portal: SeededPortal;
  beforeAll(async () => {
    t = await createTestDatabase();
    portal = await seedPortal(t.db);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('mirrors a 10,000-member workgroup with 1 sonet_group.user.get and 4 batches', async () => {
    const { bitrix, requests } = standIn(range(10_000));
    const progress: Array<[number, number]> = [];
    const result = await mirrorWorkgroupPeople(t.db, bitrix, portal, 11, (done, total) => void progress.push([done, total]));
    expect(requests).toEqual(['sonet_group.user.get', 'batch', 'batch', 'batch', 'batch']);
    expect(result.members).toHaveLength(10_000);
    expect(result.members[0]).toEqual({ userId: 1, role: 'A' });
    expect(result).toMatchObject({ requested: 10_000, mirrored: 10_000, missing: [] });
    expect(progress).toEqual([[2500, 10_000], [5000, 10_000], [7500, 10_000], [10_000, 10_000]]);
    const stored = await t.db('people').where({ portal_id: portal.id }).count<{ count: number }[]>({ count: '*' });
    expect(Number(stored[0]!.count)).toBe(10_000);
  });

  it.each([1, 50, 51, 2500, 2501, 7777, 10_000])('asks for %i people in ceil(n / 2500) requests', async (n) => {
    const { bitrix, requests } = standIn([]);
    await mirrorPeopleByIds(t.db, bitrix, portal, range(n, 100_000));
    expect(requests).toHaveLength(Math.ceil(n / 2500));
  });

  it('asks once per id, whatever the duplicates and junk', async () => {
    const { bitrix, requests } = standIn([]);
    const result = await mirrorPeopleByIds(t.db, bitrix, portal, [5, '5', 6, 0, -1, 'x', 6.5, 7]);
    expect(result).toEqual({ requested: 3, mirrored: 3, missing: [] });
    expect(requests).toEqual(['batch']);
  });

  it('stops at a failed command with its Bitrix24 error, asking nothing more', async () => {
    const { bitrix, requests } = standIn([], { failCommand: '3' });
    await expect(mirrorPeopleByIds(t.db, bitrix, portal, range(6000, 200_000))).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(requests).toEqual(['batch']);
  });
});
