import './catalog.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import type { Role } from '../../boot';
import { useLeaveGuard } from '../../components/leave-guard';
import { scrollFrameTop } from '../../components/scroll-frame-top';
import { useFrame } from '../../frame-connection';
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
import { arrival } from './view-parts';

/**
 * The Catalog section: one screen at a time (the list, a course, a lesson, a test, or the
 * authoring screens), moved between through `go`, which asks before unsaved edits are dropped.
 * The list's filters are kept while the reader is elsewhere in the section.
 */
export function CatalogSection(props: { api: ApiClient; role: Role }) {
  const guard = useLeaveGuard();
  const frame = useFrame();
  const client = useMemo(() => catalogClient(props.api), [props.api]);
  const [route, setRoute] = useState<CatalogRoute>({ view: 'list' });
  const [query, setQuery] = useState<CatalogQuery>({ topicId: null, level: null, q: '' });
  const moved = useRef(false);

  const go = useCallback(
    (next: CatalogRoute) =>
      guard.leave(() => {
        moved.current = true;
        arrival.moved = true;
        setRoute(next);
      }),
    [guard],
  );
  useEffect(() => {
    if (moved.current) void scrollFrameTop(frame.state);
  }, [route]);
  // The section opens fresh each time its tab is chosen: headings take the focus only after a move inside it.
  useEffect(() => {
    arrival.moved = false;
    return () => {
      arrival.moved = false;
    };
  }, []);

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
