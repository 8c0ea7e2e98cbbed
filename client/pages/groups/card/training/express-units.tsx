import { useResource } from '../../../../components/use-resource';
import { useI18n } from '../../../../i18n/i18n';
import { LoadBlock } from '../../groups-parts';
import type { GroupCard } from '../../groups-types';
import { toggleExpressUnit } from './settings-draft';
import type { TrainingClient } from './training-client';

/** The express course's units: chosen from the courses attached to the group. */
export function ExpressUnits(props: { client: TrainingClient; group: GroupCard; chosen: number[]; onChange: (ids: number[]) => void }) {
  const { t } = useI18n();
  const courseIds = props.group.content.filter((c) => c.kind === 'course' && !c.deleted).map((c) => c.id);
  const courses = useResource(() => Promise.all(courseIds.map((id) => props.client.course(id))), [courseIds.join(',')]);
  if (courseIds.length === 0) return <p class="tg-muted" data-testid="training-express-none">{t('training.express.noCourses')}</p>;
  if (!courses.state.data) return <LoadBlock resource={courses.state} reload={courses.reload} testId="training-express" />;
  const chosen = new Set(props.chosen);
  const toggle = (id: number, on: boolean) => props.onChange(toggleExpressUnit(props.chosen, id, on));
  return (
    <fieldset class="tg-fieldset tg-training-group" data-testid="training-express-units">
      <legend class="tg-label">{t('training.express.units')}</legend>
      {courses.state.data.map((course) => (
        <div key={course.id} class="tg-express-course">
          <p class="tg-express-course-title">{course.title}</p>
          {course.units.length === 0 && <p class="tg-muted">{t('training.express.noUnits')}</p>}
          {course.units.map((unit) => (
            <label key={unit.id} class="tg-checkbox">
              <input type="checkbox" checked={chosen.has(unit.id)} data-testid={`training-express-unit-${unit.id}`} onChange={(e) => toggle(unit.id, (e.currentTarget as HTMLInputElement).checked)} />
              <span>
                {unit.title} <span class="tg-muted">· {unit.topic.name} · {t(`catalog.level.${unit.level}`)} · {t('training.minutes', { minutes: unit.estimatedMinutes })}</span>
              </span>
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
