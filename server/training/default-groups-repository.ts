import type { Knex } from 'knex';

/**
 * The writes that create a portal's default groups (default-groups-service.ts). A default group is
 * an ordinary training group (migrations/0020) whose settings row carries a default_key
 * (migrations/0040); both are written here, in the caller's transaction.
 */

/**
 * Locks the portal's row for the rest of the transaction and answers its domain (null: no such
 * portal). Two setups of one portal at once (a double click, a retried request) then take turns,
 * so the second sees the first one's groups instead of racing it to the unique default_key.
 */
export async function lockPortalDomain(trx: Knex.Transaction, portalId: string): Promise<string | null> {
  const row = (await trx('portals').where({ id: portalId }).forUpdate().first('domain')) as { domain: string } | undefined;
  return row ? row.domain : null;
}

/** A plain unlinked group, created by `createdBy` (the installing admin; 0 when nobody in particular). */
export async function insertDefaultGroup(trx: Knex.Transaction, portalId: string, name: string, createdBy: number): Promise<number> {
  const rows = await trx('training_groups').insert({ portal_id: portalId, name, description: '', created_by: createdBy }).returning('id');
  return Number((rows[0] as { id: string | number }).id);
}
