import { useState } from 'preact/hooks';
import { useI18n } from '../../../../i18n/i18n';
import { todayDay } from '../../groups-format';
import type { GroupCard } from '../../groups-types';
import { PlanPreviewTable } from './plan-preview';
import type { SettingsReply, TrainingClient } from './training-client';
import { usePlanPreview } from './use-plan-preview';

/** The settings as words, for whoever may open the card but not edit the group. */
export function TrainingSettingsView(props: { client: TrainingClient; group: GroupCard; stored: SettingsReply }) {
  const { t, lang } = useI18n();
  const s = props.stored;
  const [startsOn, setStartsOn] = useState(todayDay());
  const preview = usePlanPreview(props.client, props.group.id, { draft: null, unsaved: false, startsOn, joinedOn: null, savedVersion: s.version });
  const level = (value: string) => t(`catalog.level.${value}` as 'catalog.level.beginner');
  const staff = (lang === 'ru' ? s.intendedStaff.ru : s.intendedStaff.en) || s.intendedStaff.en || s.intendedStaff.ru;
  const rows: Array<[string, string]> = [[t('training.courseType'), s.courseType === 'main' ? t('training.courseType.main') : t('training.courseType.express')]];
  if (s.courseType === 'main') {
    rows.push([t('training.intensity'), s.noWaiting ? t('training.intensity.noWaiting') : t('training.view.perWeek', { minutes: s.minutesPerWeek ?? 0 })]);
    rows.push([
      t('training.program.legend'),
      'allTopicsUpTo' in s.program ? t('training.view.allUpTo', { level: level(s.program.allTopicsUpTo) }) : t('training.view.topics', { count: s.program.topics.length }),
    ]);
    if (!s.noWaiting) rows.push([t('training.late'), s.lateJoiners === 'catchUp' ? t('training.late.catchUp') : t('training.late.ownPace')]);
  } else {
    rows.push([t('training.express.units'), String(s.express.unitIds.length)]);
    rows.push([t('training.express.duration'), String(s.express.durationDays ?? '—')]);
  }
  rows.push([t('training.threshold'), `${s.thresholdPercent} %`], [t('training.timeZone'), s.timeZone]);
  return (
    <div data-testid="training-view">
      <p class="tg-muted tg-small">{t('training.view.readOnly')}</p>
      <dl class="tg-training-facts">
        {rows.map(([term, value]) => (
          <div key={term} class="tg-training-fact">
            <dt class="tg-label">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {staff && (
        <div class="tg-training-staff">
          <p class="tg-label">{t('training.staff')}</p>
          <p class="tg-pre-line" data-testid="training-view-staff">{staff}</p>
        </div>
      )}
      <PlanPreviewTable preview={preview.state} startsOn={startsOn} onStartsOn={setStartsOn} unsaved={false} blocked={false} />
    </div>
  );
}
