import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import type { SessionClaims } from '../auth/session-token';
import { canManage, canOpen, OPEN, type ContentItem, type Viewer } from './content-access';
import { courseHead, lessonHead, testHead, unitHead, type CourseHead, type HeadAccess, type LessonHead, type TestHead, type UnitHead } from './content-heads';

/**
 * Reads the facts of the content a request names and asks content-access about them. Content the
 * viewer may not open answers 404, as if it did not exist (an extranet user learns nothing of a
 * hidden course); content they may open but not change answers 403 NOT_YOURS.
 */

export const viewerOf = (session: SessionClaims): Viewer => ({ role: session.role, personId: session.userId });

/** The head is read with the viewer's training-group facts (closed content) as of now, each group on its own time zone's day. */
const accessOf = (session: SessionClaims, now = new Date()): HeadAccess => ({ viewer: viewerOf(session), now });

const courseItem = (head: CourseHead): ContentItem => ({
  kind: 'course',
  hiddenFromExtranet: head.hiddenFromExtranet,
  authorId: head.authorId,
  groups: head.groups ?? OPEN,
});

export const testItem = (head: TestHead): ContentItem => ({
  kind: head.courseId === null ? 'test' : 'course',
  hiddenFromExtranet: head.hiddenFromExtranet,
  authorId: head.authorId,
  groups: head.groups ?? OPEN,
});

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `There is no such ${what}, or it is not open to you.`);
const notYours = (what: string) =>
  new HttpError(403, 'NOT_YOURS', `This ${what} was created by someone else; a moderator changes only what they created, an administrator everything.`);

type Need = 'open' | 'manage';

function judge(viewer: Viewer, item: ContentItem, need: Need, what: string): void {
  if (!canOpen(viewer, item)) throw notFound(what);
  if (need === 'manage' && !canManage(viewer, item)) throw notYours(what);
}

export async function guardCourse(db: Knex, session: SessionClaims, courseId: number, need: Need): Promise<CourseHead> {
  const head = await courseHead(db, session.portalId, courseId, accessOf(session));
  if (!head) throw notFound('course');
  judge(viewerOf(session), courseItem(head), need, 'course');
  return head;
}

export async function guardUnit(db: Knex, session: SessionClaims, unitId: number, need: Need): Promise<UnitHead> {
  const head = await unitHead(db, session.portalId, unitId, accessOf(session));
  if (!head) throw notFound('unit');
  judge(viewerOf(session), courseItem(head), need, 'course');
  return head;
}

export async function guardLesson(db: Knex, session: SessionClaims, lessonId: number, need: Need): Promise<LessonHead> {
  const head = await lessonHead(db, session.portalId, lessonId, accessOf(session));
  if (!head) throw notFound('lesson');
  judge(viewerOf(session), courseItem(head), need, 'course');
  return head;
}

export async function guardTest(db: Knex, session: SessionClaims, testId: number, need: Need): Promise<TestHead> {
  const head = await testHead(db, session.portalId, testId, accessOf(session));
  if (!head) throw notFound('test');
  judge(viewerOf(session), testItem(head), need, head.courseId === null ? 'test' : 'course');
  return head;
}

/** For lists: does the viewer manage this (the `canEdit` flag the client shows)? */
export function managesCourse(session: SessionClaims, head: Pick<CourseHead, 'hiddenFromExtranet' | 'authorId'>): boolean {
  return canManage(viewerOf(session), { kind: 'course', hiddenFromExtranet: head.hiddenFromExtranet, authorId: head.authorId, groups: OPEN });
}

export function managesTest(session: SessionClaims, head: Pick<TestHead, 'hiddenFromExtranet' | 'authorId'>): boolean {
  return canManage(viewerOf(session), { kind: 'test', hiddenFromExtranet: head.hiddenFromExtranet, authorId: head.authorId, groups: OPEN });
}

/** Who reads a manage list, as of now (closed items are judged for them). */
export const manageListAccess = (session: SessionClaims, now = new Date()) => ({ viewer: viewerOf(session), now });

/**
 * A manage list (authoring, the group card's content picker) holds what the viewer may open, by the
 * closed-content rules of the catalog (PRODUCT.md §4): open items; closed ones for admins, the
 * managers of a group holding them and their author - never the title of a closed item of a
 * group the viewer does not manage. Closed items come marked, with the holding groups they may see.
 */
export function manageListRow<T extends { hiddenFromExtranet: boolean; authorId: number; groups: ContentItem['groups']; holdingGroups: Array<{ id: number; name: string }> }>(
  session: SessionClaims,
  kind: ContentItem['kind'],
  row: T,
): (Omit<T, 'groups' | 'holdingGroups'> & { closed: boolean; groups: Array<{ id: number; name: string }> }) | null {
  if (!canOpen(viewerOf(session), { kind, hiddenFromExtranet: row.hiddenFromExtranet, authorId: row.authorId, groups: row.groups })) return null;
  const { groups, holdingGroups, ...rest } = row;
  return { ...rest, closed: groups.attached, groups: holdingGroups };
}
