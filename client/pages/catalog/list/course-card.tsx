import { ProgressBar } from '../../../components/progress-bar';
import { useI18n } from '../../../i18n/i18n';
import { countOf, formatMinutes, LEVEL_LABEL, plainText } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { CatalogCourse } from '../catalog-types';
import { ClosedMark } from '../../groups/closed-mark';
import { Chip } from '../view-parts';

const TOPICS_SHOWN = 3;

/** A course in the catalog: what it covers, how long it takes, and how far the reader is. */
export function CourseCard(props: { course: CatalogCourse }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const c = props.course;
  const more = c.topics.length - TOPICS_SHOWN;
  return (
    <article class="tg-tile" data-testid={`course-card-${c.id}`} aria-labelledby={`course-card-title-${c.id}`}>
      <div class="tg-tile-kind">
        <span>{t('catalog.kind.course')}</span>
        {c.language && <Chip>{c.language.toUpperCase()}</Chip>}
        {c.hiddenFromExtranet && nav.role !== 'extranet' && nav.role !== 'employee' && <Chip tone="warning">{t('catalog.hiddenFromExtranet')}</Chip>}
        <ClosedMark item={c} />
      </div>
      <h3 class="tg-tile-title" id={`course-card-title-${c.id}`}>
        <button type="button" class="tg-tile-link" data-testid={`course-open-${c.id}`} onClick={() => nav.go({ view: 'course', courseId: c.id })}>
          {c.title}
        </button>
      </h3>
      {c.description && <p class="tg-tile-text">{plainText(c.description)}</p>}
      <div class="tg-chips">
        {c.topics.slice(0, TOPICS_SHOWN).map((topic) => (
          <Chip key={topic.id} tone="topic">
            {topic.name}
          </Chip>
        ))}
        {more > 0 && <Chip tone="topic">{t('catalog.moreTopics', { n: more })}</Chip>}
        {c.levels.map((level) => (
          <Chip key={level} tone="level">
            {t(LEVEL_LABEL[level])}
          </Chip>
        ))}
      </div>
      <p class="tg-tile-meta">
        {[countOf(t, lang, 'units', c.unitsCount), countOf(t, lang, 'lessons', c.lessonsCount), formatMinutes(t, c.estimatedMinutes)].join(' · ')}
      </p>
      {c.lessonsDone > 0 && (
        <div class="tg-tile-progress">
          <ProgressBar
            size="sm"
            value={c.lessonsDone}
            max={c.lessonsCount}
            label={t('catalog.progress.label')}
            text={t('catalog.progress.lessons', { done: c.lessonsDone, total: c.lessonsCount })}
            testId={`course-progress-${c.id}`}
          />
          <span class="tg-small tg-muted">{t('catalog.progress.lessons', { done: c.lessonsDone, total: c.lessonsCount })}</span>
        </div>
      )}
    </article>
  );
}
