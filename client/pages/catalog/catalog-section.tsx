import './catalog.css';
import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import type { Role } from '../../boot';
import { useSectionRoute } from '../../components/use-section-route';
import { catalogClient, type CatalogQuery } from './catalog-client';
import { CatalogNavContext, routeKey, type CatalogNav, type CatalogRoute } from './catalog-route';
import { CoursePage } from './course/course-page';
import { LessonReader } from './lesson/lesson-reader';
import { CatalogList } from './list/catalog-list';
import { CourseEditor } from './manage/course-editor';
import { LessonEditor } from './manage/lesson-editor';
import { ManagePage } from './manage/manage-page';
import { TestEditor } from './manage/test-editor';
import { TestPage } from './test/test-page';

/**
 * The Catalog section: one screen at a time (the list, a course, a lesson, a test, or the
 * authoring screens), moved between through `go`, which asks before unsaved edits are dropped.
 * The list's filters are kept while the reader is elsewhere in the section.
 */
export function CatalogSection(props: { api: ApiClient; role: Role }) {
  const client = useMemo(() => catalogClient(props.api), [props.api]);
  const [query, setQuery] = useState<CatalogQuery>({ topicId: null, level: null, q: '' });
  const { route, go } = useSectionRoute<CatalogRoute>({ view: 'list' });

  const nav = useMemo<CatalogNav>(() => ({ go, client, role: props.role }), [go, client, props.role]);
  return (
    <CatalogNavContext.Provider value={nav}>
      <div class="tg-catalog" key={routeKey(route)} data-view={route.view}>
        {route.view === 'list' && <CatalogList query={query} onQuery={setQuery} />}
        {route.view === 'course' && <CoursePage courseId={route.courseId} />}
        {route.view === 'lesson' && <LessonReader lessonId={route.lessonId} />}
        {route.view === 'test' && <TestPage testId={route.testId} />}
        {route.view === 'manage' && <ManagePage />}
        {route.view === 'editCourse' && <CourseEditor courseId={route.courseId} />}
        {route.view === 'editLesson' && <LessonEditor courseId={route.courseId} unitId={route.unitId} lessonId={route.lessonId} />}
        {route.view === 'editTest' && <TestEditor testId={route.testId} />}
      </div>
    </CatalogNavContext.Provider>
  );
}
