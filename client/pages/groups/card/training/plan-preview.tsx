import type { Resource } from '../../../../components/use-resource';
import { useI18n } from '../../../../i18n/i18n';
import { groupsErrorText, formatDay } from '../../groups-format';
import type { PlanPreview } from './training-client';

/**
 * The group plan the settings make (PRODUCT.md section 5): the units in order, each with its
 * minutes and its open and due dates from the chosen start, and the planned end.
 */
export function PlanPreviewTable(props: { preview: Resource<PlanPreview>; startsOn: string; onStartsOn: (day: string) => void; unsaved: boolean; blocked: boolean }) {
  const { t, lang } = useI18n();
  const plan = props.preview.data;
  const day = (value: string | null, fallback: string) => (value ? formatDay(lang, value) : fallback);
  return (
    <div class="tg-plan-preview" data-testid="training-preview" aria-busy={props.preview.status === 'loading' ? 'true' : undefined}>
      <div class="tg-plan-preview-head">
        <h4 class="tg-plan-preview-title">{props.unsaved ? t('training.preview.titleUnsaved') : t('training.preview.title')}</h4>
        <label class="tg-plan-preview-start">
          <span class="tg-label">{t('training.preview.startsOn')}</span>
          <input class="tg-input" type="date" value={props.startsOn} required data-testid="training-preview-start" onChange={(e) => props.onStartsOn((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      {props.blocked ? (
        <p class="tg-muted" data-testid="training-preview-blocked">{t('training.preview.fixFirst')}</p>
      ) : props.preview.status === 'error' ? (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="training-preview-error">
          {t('training.preview.failed')} {groupsErrorText(t, props.preview.error)}
        </p>
      ) : !plan ? (
        <p class="tg-muted">{t('app.loading')}</p>
      ) : plan.units.length === 0 ? (
        <p class="tg-muted" data-testid="training-preview-empty">{t('training.preview.empty')}</p>
      ) : (
        <>
          <p class="tg-plan-preview-summary" data-testid="training-preview-summary">
            {plan.pace === 'weekly' && plan.endsOn
              ? t('training.preview.summaryWeekly', { count: plan.units.length, minutes: plan.totalMinutes, perWeek: plan.minutesPerWeek ?? 0, end: formatDay(lang, plan.endsOn) })
              : plan.pace === 'express' && plan.endsOn
                ? t('training.preview.summaryExpress', { count: plan.units.length, minutes: plan.totalMinutes, end: formatDay(lang, plan.endsOn) })
                : t('training.preview.summaryNoWaiting', { count: plan.units.length, minutes: plan.totalMinutes })}
          </p>
          <div class="tg-plan-preview-scroll">
            <table class="tg-table tg-plan-table" data-testid="training-preview-table">
              <thead>
                <tr>
                  <th scope="col">{t('training.preview.unit')}</th>
                  <th scope="col">{t('training.preview.topic')}</th>
                  <th scope="col">{t('training.preview.level')}</th>
                  <th scope="col" class="tg-num">{t('training.preview.minutes')}</th>
                  <th scope="col">{t('training.preview.opens')}</th>
                  <th scope="col">{t('training.preview.due')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.units.map((unit) => (
                  <tr key={unit.id} data-testid="training-preview-unit">
                    <td>{unit.title}</td>
                    <td>{unit.topic}</td>
                    <td>{t(`catalog.level.${unit.level}`)}</td>
                    <td class="tg-num">{unit.minutes}</td>
                    <td data-testid="training-preview-opens">{day(unit.opensOn, t('training.preview.afterPrevious'))}</td>
                    <td data-testid="training-preview-due">{day(unit.dueOn, '—')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
