import { describeJob, type JobView } from '../jobs';
import { useI18n } from '../i18n/i18n';

/**
 * A job's progress: a bar (role="progressbar" with its values, indeterminate until the job has
 * counted its work) and one line that says where it is. Reused by every long task (people import,
 * workgroup sync): the caller words the count ("12 of 68 people").
 */
export function JobProgress(props: {
  job: JobView;
  /** The bar's accessible name, e.g. "People import progress". */
  label: string;
  /** The count in words, e.g. (12, 68) → "12 of 68 people"; total is null while unknown. */
  countText: (done: number, total: number | null) => string;
  testId?: string;
}) {
  const { t } = useI18n();
  const view = describeJob(props.job);
  const testId = props.testId ?? 'job-progress';

  let text: string;
  if (view.phase === 'waiting') text = t('jobs.waiting');
  else if (view.phase === 'retrying') text = t('jobs.retrying');
  else if (view.phase === 'failed') text = t('jobs.failed');
  else if (view.phase === 'cancelled') text = t('jobs.cancelled');
  else if (view.phase === 'running' && view.total === null && view.done === 0) text = t('jobs.starting');
  else text = props.countText(view.done, view.total);

  const determinate = view.percent !== null && view.total !== null;
  const ended = view.phase === 'done' || view.phase === 'failed' || view.phase === 'cancelled';
  // Nothing counted yet: a moving stripe while it works; a full red bar if it ended like that.
  const width = determinate ? `${view.percent}%` : ended ? '100%' : undefined;
  const fill =
    view.phase === 'failed' || view.phase === 'cancelled' ? 'tg-progress-failed' : view.phase === 'done' ? 'tg-progress-done' : '';

  return (
    <div class="tg-job" data-testid={testId} data-state={view.phase}>
      <div
        class={`tg-progress tg-job-bar${determinate || ended ? '' : ' tg-progress-indeterminate'}`}
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={determinate ? (view.total as number) : undefined}
        aria-valuenow={determinate ? view.done : undefined}
        aria-valuetext={text}
        data-testid={`${testId}-bar`}
      >
        <div class={fill} style={{ width }} />
      </div>
      <p class="tg-job-text" data-testid={`${testId}-text`}>
        {text}
      </p>
    </div>
  );
}
