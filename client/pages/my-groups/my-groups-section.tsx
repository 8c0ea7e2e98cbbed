import '../catalog/catalog.css';
import '../groups/groups.css';
import { useMemo } from 'preact/hooks';
import type { ApiClient } from '../../api';
import type { Role } from '../../boot';
import { useSectionRoute } from '../../components/use-section-route';
import { useI18n } from '../../i18n/i18n';
import { catalogClient } from '../catalog/catalog-client';
import { CatalogNavContext, type CatalogNav, type CatalogRoute } from '../catalog/catalog-route';
import { CoursePage } from '../catalog/course/course-page';
import { LessonReader } from '../catalog/lesson/lesson-reader';
import { CourseEditor } from '../catalog/manage/course-editor';
import { LessonEditor } from '../catalog/manage/lesson-editor';
import { ManagePage } from '../catalog/manage/manage-page';
import { TestEditor } from '../catalog/manage/test-editor';
import { TestPage } from '../catalog/test/test-page';
import { groupsClient } from '../groups/groups-client';
import type { MyGroup } from '../groups/groups-types';
import { MyGroupView } from './my-group-view';
import { MyGroupsHome } from './my-groups-home';

/** Where the learner is in "My groups": the overview, one group, or a course or test of it. */
export type MyGroupsRoute = { view: 'home' } | { view: 'group'; group: MyGroup } | { view: 'content'; group: MyGroup; route: CatalogRoute };

/**
 * "My groups", the personal account of every role: current and upcoming groups, invitations, and
 * each group's courses and tests. Closed content opens here (the general catalog no longer lists
 * it), on the catalog's own course, lesson and test screens, whose trail leads back to the group.
 */
export function MyGroupsSection(props: { api: ApiClient; role: Role }) {
  const { t } = useI18n();
  const groups = useMemo(() => groupsClient(props.api), [props.api]);
  const catalog = useMemo(() => catalogClient(props.api), [props.api]);
  const { route, go } = useSectionRoute<MyGroupsRoute>({ view: 'home' });

  const group = route.view === 'home' ? null : route.group;
  // The catalog's screens move through this: their "list" is the group they were opened from.
  const catalogNav = useMemo<CatalogNav>(
    () => ({
      client: catalog,
      role: props.role,
      homeLabel: group ? group.name : t('nav.myGroups'),
      go: (next) => go(next.view === 'list' ? (group ? { view: 'group', group } : { view: 'home' }) : { view: 'content', group: group as MyGroup, route: next }),
    }),
    [catalog, props.role, group, go],
  );

  return (
    <CatalogNavContext.Provider value={catalogNav}>
      <div class="tg-catalog tg-my-groups" key={JSON.stringify(route.view === 'content' ? route.route : route.view === 'group' ? route.group.id : 'home')} data-view={route.view}>
        {route.view === 'home' && <MyGroupsHome client={groups} onOpen={(g) => go({ view: 'group', group: g })} />}
        {route.view === 'group' && (
          <MyGroupView api={props.api} group={route.group} onBack={() => go({ view: 'home' })} onOpen={(next) => go({ view: 'content', group: route.group, route: next })} />
        )}
        {route.view === 'content' && <ContentScreen route={route.route} />}
      </div>
    </CatalogNavContext.Provider>
  );
}

export function ContentScreen(props: { route: CatalogRoute }) {
  const r = props.route;
  if (r.view === 'course') return <CoursePage courseId={r.courseId} />;
  if (r.view === 'lesson') return <LessonReader lessonId={r.lessonId} />;
  if (r.view === 'test') return <TestPage testId={r.testId} />;
  if (r.view === 'manage') return <ManagePage />;
  if (r.view === 'editCourse') return <CourseEditor courseId={r.courseId} />;
  if (r.view === 'editLesson') return <LessonEditor courseId={r.courseId} unitId={r.unitId} lessonId={r.lessonId} />;
  if (r.view === 'editTest') return <TestEditor testId={r.testId} />;
  return null;
}
