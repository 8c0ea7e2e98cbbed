import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import { apiErrorText } from '../../components/api-error-text';
import { JobProgress } from '../../components/job-progress';
import { useI18n } from '../../i18n/i18n';
import { isJobFinished, useJobProgress, type JobView } from '../../jobs';

const KIND = 'import-people';

/** GET /api/people/summary: the directory as it is, and what the last full import read. */
interface PeopleSummary {
  active: number;
  inactive: number;
  departments: number;
  lastFullImportAt: string | null;
  lastFullImport: {
    jobId: number;
    finishedAt: string;
    read: number;
    /** Null for an import from before they were counted. */
    active: number | null;
    inactive: number | null;
    deactivated: number | null;
  } | null;
}

type Overview = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; summary: PeopleSummary };

/** The open import to show on arrival (the one the install queued, say): running first, then the oldest queued. */
export function openImport(jobs: JobView[]): JobView | null {
  const open = jobs.filter((job) => !isJobFinished(job.state));
  return open.find((job) => job.state === 'running') ?? open.sort((a, b) => a.id - b.id)[0] ?? null;
}

/** Admin settings: how many people the app's directory holds, and importing them again with its progress. */
export function PeopleDirectory(props: { api: ApiClient }) {
  const { t, lang } = useI18n();
  const [overview, setOverview] = useState<Overview>({ status: 'loading' });
  const [reload, setReload] = useState(0);
  const [followId, setFollowId] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const progress = useJobProgress(props.api, followId);
  const job = progress.job;

  useEffect(() => {
    let live = true;
    Promise.all([props.api.get<PeopleSummary>('/api/people/summary'), props.api.get<{ jobs: JobView[] }>(`/api/jobs?kind=${KIND}&limit=100`)]).then(
      ([summary, reply]) => {
        if (!live) return;
        setOverview({ status: 'ready', summary });
        const open = openImport(reply.jobs);
        if (open) setFollowId(open.id);
      },
      (error: unknown) => live && setOverview({ status: 'error', message: apiErrorText(t, error) }),
    );
    return () => {
      live = false;
    };
  }, [props.api, reload]);

  // A finished import changes the count: read the overview again.
  const finished = job && isJobFinished(job.state) ? `${job.id}:${job.state}` : null;
  useEffect(() => {
    if (finished) setReload((n) => n + 1);
  }, [finished]);

  const busy = starting || (followId !== null && progress.polling);

  const start = async () => {
    if (busy) return;
    setStarting(true);
    setStartError(null);
    try {
      const reply = await props.api.post<{ jobs: { departments: number; people: number } }>('/api/people/import');
      setFollowId(reply.jobs.people);
    } catch (error) {
      setStartError(apiErrorText(t, error));
    } finally {
      setStarting(false);
    }
  };

  const retry = () => {
    // The Retry button goes away with the error: keep the keyboard focus on the card.
    importButton.current?.focus();
    void start();
  };

  const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
  const summary = overview.status === 'ready' ? overview.summary : null;
  // The import's result comes with the summary read again once it is done (the job is its last full import).
  const result = job?.state === 'done' ? (summary?.lastFullImport?.jobId === job.id ? summary.lastFullImport : overview.status === 'error' ? { read: job.progress.done, active: null, inactive: null } : null) : null;
  const countText = (done: number, total: number | null) =>
    total === null ? t('settings.people.progressSoFar', { done }) : t('settings.people.progress', { done, total });

  return (
    <section class="tg-section" aria-labelledby="people-title" data-testid="people-directory">
      <h2 class="tg-section-title" id="people-title">
        {t('settings.people.title')}
      </h2>
      <p class="tg-muted tg-intro">{t('settings.people.intro')}</p>

      <div class="tg-people-summary" data-testid="people-summary">
        {overview.status === 'loading' && (
          <p class="tg-muted" role="status">
            {t('settings.people.loading')}
          </p>
        )}
        {overview.status === 'error' && (
          <div class="tg-alert tg-alert-danger" role="alert" data-testid="people-summary-error">
            <p>
              {t('settings.people.loadFailed')} {overview.message}
            </p>
            <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => setReload((n) => n + 1)}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {summary &&
          (summary.lastFullImportAt ? (
            <>
              <dl class="tg-figures" data-testid="people-figures">
                <div class="tg-figure" data-testid="people-count" data-count={summary.active}>
                  <dt>{t('settings.people.active')}</dt>
                  <dd>{number(summary.active)}</dd>
                </div>
                <div class="tg-figure" data-testid="people-inactive" data-count={summary.inactive}>
                  <dt>
                    {t('settings.people.inactive')} <span class="tg-figure-hint">{t('settings.people.inactiveHint')}</span>
                  </dt>
                  <dd>{number(summary.inactive)}</dd>
                </div>
                <div class="tg-figure" data-testid="people-departments" data-count={summary.departments}>
                  <dt>{t('settings.people.departments')}</dt>
                  <dd>{number(summary.departments)}</dd>
                </div>
              </dl>
              {summary.lastFullImport && <LastImport last={summary.lastFullImport} when={when(summary.lastFullImport.finishedAt)} number={number} />}
            </>
          ) : (
            <p class="tg-muted" data-testid="people-count-none">
              {t('settings.people.never')}
            </p>
          ))}
      </div>

      {job && (
        <JobProgress job={job} label={t('settings.people.progressLabel')} countText={countText} testId="people-import" />
      )}

      {/* Announced once, when the import ends; the bar itself is not a live region (it changes every second). */}
      <div role="status" aria-live="polite" data-testid="people-import-result">
        {result && (
          <p class="tg-alert tg-alert-success" data-testid="people-import-done">
            {result.active === null || result.inactive === null
              ? t('settings.people.doneRead', { read: number(result.read) })
              : t('settings.people.done', { read: number(result.read), active: number(result.active), inactive: number(result.inactive) })}
          </p>
        )}
      </div>
      {job && (job.state === 'failed' || job.state === 'cancelled') && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="people-import-failed">
          <div>
            <p>{job.state === 'failed' ? t('settings.people.failed') : t('settings.people.cancelled')}</p>
            <p>{t('settings.people.failedHint')}</p>
            {job.error && <p class="tg-small">{t('common.serverSaid', { message: job.error })}</p>}
          </div>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="people-import-retry" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {progress.error !== null && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="people-import-lost">
          <p>
            {t('settings.people.lost')} {apiErrorText(t, progress.error)}
          </p>
          <button
            type="button"
            class="tg-btn tg-btn-light tg-btn-sm"
            onClick={() => {
              importButton.current?.focus();
              setFollowId(null);
              setReload((n) => n + 1);
            }}
          >
            {t('settings.people.checkAgain')}
          </button>
        </div>
      )}
      {startError && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="people-import-start-error">
          <p>
            {t('settings.people.startFailed')} {startError}
          </p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <div class="tg-toolbar">
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus while the import runs. */}
        <button
          type="button"
          ref={importButton}
          class="tg-btn tg-btn-primary"
          data-testid="people-import-start"
          aria-disabled={busy ? 'true' : undefined}
          onClick={start}
        >
          {busy ? t('settings.people.importing') : t('settings.people.importNow')}
        </button>
      </div>
    </section>
  );
}

/** What the last full import read, in labelled numbers: read = active + inactive. */
function LastImport(props: { last: NonNullable<PeopleSummary['lastFullImport']>; when: string; number: (n: number) => string }) {
  const { t } = useI18n();
  const { last, number } = props;
  return (
    <p class="tg-muted" data-testid="people-last-import">
      {last.active === null || last.inactive === null
        ? t('settings.people.lastImportRead', { when: props.when, read: number(last.read) })
        : t('settings.people.lastImport', { when: props.when, read: number(last.read), active: number(last.active), inactive: number(last.inactive) })}
      {last.deactivated ? ` ${t('settings.people.deactivated', { count: number(last.deactivated) })}` : ''}
    </p>
  );
}
