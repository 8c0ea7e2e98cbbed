import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { findOrCreateTopic, findTopic } from './topics-repository';

/** A unit's topic as the author named it: an existing topic's id, or a name (found or created). */
export async function resolveTopic(db: Knex, portalId: string, named: { topicId?: number; topicName?: string }): Promise<{ id: number; name: string }> {
  if (named.topicId !== undefined) {
    const topic = await findTopic(db, portalId, named.topicId);
    if (!topic) throw new HttpError(400, 'VALIDATION_FAILED', 'There is no such topic in this portal.', 'topicId');
    return topic;
  }
  if (named.topicName !== undefined) return findOrCreateTopic(db, portalId, named.topicName);
  throw new HttpError(400, 'VALIDATION_FAILED', 'A unit needs a topic: send topicId or topicName.', 'topicId');
}
