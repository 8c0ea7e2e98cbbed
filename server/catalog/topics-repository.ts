import type { Knex } from 'knex';

/** A portal's topics, found by name case-insensitively (import and authoring name them). */

export async function listTopics(db: Knex, portalId: string): Promise<Array<{ id: number; name: string }>> {
  return db('topics').where({ portal_id: portalId }).orderBy('name').select('id', 'name');
}

export async function findTopic(db: Knex, portalId: string, topicId: number): Promise<{ id: number; name: string } | null> {
  return (await db('topics').where({ portal_id: portalId, id: topicId }).first('id', 'name')) ?? null;
}

export async function findOrCreateTopic(db: Knex, portalId: string, name: string): Promise<{ id: number; name: string }> {
  const clean = name.trim().replace(/\s+/g, ' ');
  // Insert-or-nothing, then read: two imports naming the same new topic at once end with one topic.
  await db.raw(`INSERT INTO topics (portal_id, name) VALUES (?, ?) ON CONFLICT (portal_id, lower(name)) DO NOTHING`, [portalId, clean]);
  const row = await db('topics').where({ portal_id: portalId }).andWhereRaw('lower(name) = lower(?)', [clean]).first('id', 'name');
  return row;
}
