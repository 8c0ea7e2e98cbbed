import { useEffect, useRef } from 'preact/hooks';
import { JobProgress } from '../../../components/job-progress';
import { useI18n } from '../../../i18n/i18n';
import { isJobFinished, useJobProgress } from '../../../jobs';
import { useGroupsNav } from '../groups-route';
import type { GroupCard } from '../groups-types';

/**
 * A sync of the linked workgroup (queued on opening a stale group, or by "Sync now") with the app's
 * job progress bar; when it ends, the card and its lists are read again.
 */
export function SyncStatus(props: { group: GroupCard; jobId: number | null; onFinished: () => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const progress = useJobProgress(nav.api, props.jobId);
  const job = progress.job;
  const reported = useRef<number | null>(null);
  const finished = job && isJobFinished(job.state) ? job.id : null;

  useEffect(() => {
    if (finished !== null && reported.current !== finished) {
      reported.current = finished;
      props.onFinished();
    }
  }, [finished]);

  if (!job) return null;
  return (
    <div class="tg-sync" data-testid="group-sync-status">
      <JobProgress
        job={job}
        label={t('groups.sync.label')}
        testId="group-sync-progress"
        countText={(done, total) => (total === null ? t('groups.sync.soFar', { done }) : t('groups.sync.progress', { done, total }))}
      />
      {job.state === 'done' && (
        <p class="tg-ok tg-small" role="status" data-testid="group-sync-done">
          {t('groups.sync.done')}
        </p>
      )}
      {job.state === 'failed' && job.error && <p class="tg-error tg-small">{t('common.serverSaid', { message: job.error })}</p>}
    </div>
  );
}

