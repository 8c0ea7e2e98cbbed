import { useI18n } from '../../i18n/i18n';
import type { ApiClient } from '../../api';
import { useResource } from '../../components/use-resource';
import { formatMinutes } from '../catalog/catalog-format';
import { Chip } from '../catalog/view-parts';
import { formatDay, groupsErrorText } from '../groups/groups-format';

/** GET /api/my-groups/:id/plan (server/training/progress-service.ts myPlan). */
export interface PlanUnitView {
  unitId: number;
  title: string;
  minutes: number;
  opensOn: string | null;
  dueOn: string | null;
  passed: boolean;
}

export interface MyPlanReply {
  groupId: number;
  plan: null | {
    status: 'notStarted' | 'inProgress' | 'paused' | 'completed' | 'stopped';
    behind: boolean;
    startsOn: string;
    endsOn: string | null;
    completedMinutes: number;
    totalMinutes: number;
    dueThisWeek: PlanUnitView[];
    next: PlanUnitView | null;
  };
}

const STATUS_TONE = { notStarted: 'muted', inProgress: 'level', paused: 'warning', completed: 'success', stopped: 'muted' } as const;

/**
 * The learner's own plan in one group (PRODUCT.md §5, issue 10 part 8): what is due this week,
 * what comes next and the planned end, with their status and whether they are behind.
 */
export function MyPlan(props: { api: ApiClient; groupId: number }) {
  const { t, lang } = useI18n();
  const reply = useResource(() => props.api.get<MyPlanReply>(`/api/my-groups/${props.groupId}/plan`), [props.api, props.groupId]);
  const day = (value: string) => formatDay(lang, value);
  const data = reply.state.data;
  let body;
  if (!data) {
    body =
      reply.state.status === 'error' ? (
        <p class="tg-error" role="alert">
          {groupsErrorText(t, reply.state.error)}
        </p>
      ) : (
        <p class="tg-muted">{t('app.loading')}</p>
      );
  } else if (!data.plan) {
    body = (
      <p class="tg-placeholder" data-testid="my-plan-none">
        {t('myPlan.notLaunched')}
      </p>
    );
  } else {
    const plan = data.plan;
    const unitRow = (unit: PlanUnitView, when: string | null, testId: string) => (
      <li key={unit.unitId} class="tg-list-row" data-testid={testId}>
        <span class="tg-list-main">
          <span class="tg-list-name">{unit.title}</span>
          <span class="tg-muted tg-small">
            {formatMinutes(t, unit.minutes)}
            {when ? ` · ${when}` : ''}
          </span>
        </span>
      </li>
    );
    body = (
      <>
        <p class="tg-view-meta">
          <Chip tone={STATUS_TONE[plan.status]} testId="my-plan-status">
            {t(`myPlan.status.${plan.status}`)}
          </Chip>{' '}
          {(plan.status === 'notStarted' || plan.status === 'inProgress') && (
            <Chip tone={plan.behind ? 'danger' : 'success'} testId="my-plan-pace">
              {plan.behind ? t('myPlan.behind') : t('myPlan.onTrack')}
            </Chip>
          )}{' '}
          <span class="tg-muted">{t('myPlan.minutes', { done: plan.completedMinutes, total: plan.totalMinutes })}</span>
        </p>
        <h4 class="tg-group-title">{t('myPlan.dueThisWeek')}</h4>
        {plan.dueThisWeek.length === 0 ? (
          <p class="tg-muted" data-testid="my-plan-nothing-due">
            {t('myPlan.nothingDue')}
          </p>
        ) : (
          <ul class="tg-list" data-testid="my-plan-this-week">
            {plan.dueThisWeek.map((u) => unitRow(u, u.dueOn ? t('myPlan.dueOn', { day: day(u.dueOn) }) : null, `my-plan-due-${u.unitId}`))}
          </ul>
        )}
        <h4 class="tg-group-title">{t('myPlan.next')}</h4>
        {plan.next ? (
          <ul class="tg-list" data-testid="my-plan-next">
            {unitRow(plan.next, plan.next.opensOn ? t('myPlan.opensOn', { day: day(plan.next.opensOn) }) : null, `my-plan-next-${plan.next.unitId}`)}
          </ul>
        ) : (
          <p class="tg-muted">{t('myPlan.nothingNext')}</p>
        )}
        <p data-testid="my-plan-end">{plan.endsOn ? t('myPlan.endsOn', { day: day(plan.endsOn) }) : t('myPlan.noEnd')}</p>
      </>
    );
  }
  return (
    <section class="tg-my-plan" aria-labelledby="my-plan-title" data-testid="my-plan">
      <h3 class="tg-group-title" id="my-plan-title">
        {t('myPlan.title')}
      </h3>
      {body}
    </section>
  );
}
