import type { Knex } from 'knex';
import { defaultGroupSettings, missingDefaults, nameLanguageOf, type DefaultGroupDefinition } from './default-groups';
import { insertDefaultGroup, lockPortalDomain } from './default-groups-repository';
import { defaultKeysOf, insertDefaultSettings } from './training-settings-repository';

export interface CreatedDefaultGroup {
  key: string;
  groupId: number;
  name: string;
}

/**
 * Creates those of the portal's default groups (issue 10 part 2) that it has never had, each with
 * its training settings, in one transaction. Run by the install wizard's setup, so a second run
 * of the wizard, a reinstall that kept the data, or two runs at once create nothing more; a
 * default group that a manager deleted keeps its key (deleting a group only stamps deleted_at)
 * and so is never made again.
 */
export async function ensureDefaultGroups(
  db: Knex,
  portalId: string,
  definitions: readonly DefaultGroupDefinition[],
  createdBy: number,
): Promise<CreatedDefaultGroup[]> {
  return db.transaction(async (trx) => {
    const domain = await lockPortalDomain(trx, portalId);
    if (domain === null) return [];
    const language = nameLanguageOf(domain);
    const created: CreatedDefaultGroup[] = [];
    for (const definition of missingDefaults(definitions, await defaultKeysOf(trx, portalId))) {
      const name = definition.name[language];
      const groupId = await insertDefaultGroup(trx, portalId, name, createdBy);
      // Under the portal lock the key cannot be taken meanwhile; if it were, keep no orphan group.
      if (!(await insertDefaultSettings(trx, portalId, groupId, definition.key, defaultGroupSettings(definition)))) {
        throw new Error(`default group ${definition.key} appeared during its creation`);
      }
      created.push({ key: definition.key, groupId, name });
    }
    return created;
  });
}
