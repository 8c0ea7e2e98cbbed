import type { B24Frame } from '@bitrix24/b24jssdk';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import './styles.css';
import { ApiError, createApiClient } from './api';
import { connectFrame, finishInstall, fitFrameToContent, frameProblemOf, reloadPortalPage, setFrameTitle, type FrameProblem } from './b24';
import type { Boot, BootError, InstallBoot } from './boot';
import { apiErrorText } from './components/api-error-text';
import { ErrorPage } from './components/error-page';
import { NoticePage } from './components/notice-page';
import { useI18n } from './i18n/i18n';
import { mountPage } from './mount';
import type { MessageKey } from './i18n/messages';
import { installReadiness, type ImportProgress, type Readiness } from './install-readiness';
import { InstallDemoStep, type DemoStepResult } from './install-demo-step';

/**
 * The install wizard (BITRIX24.md §1.3): connect to the portal page, let the server bind events and
 * placements (POST /api/install/setup), offer the demo course (the last step's choice), then
 * installFinish(): the portal reloads into the app.
 * Every step is shown as it runs; a failure says what failed and offers to try again.
 */

type StepKey = 'frame' | 'events' | 'placements' | 'groups' | 'people' | 'portal' | 'demo' | 'finish';
type ServerStepKey = 'portal' | 'events' | 'placements' | 'groups' | 'people';
type StepStatus = 'pending' | 'running' | 'done' | 'failed';
interface Step {
  status: StepStatus;
  message?: string;
}
type Steps = Record<StepKey, Step>;

const ORDER: readonly StepKey[] = ['frame', 'events', 'placements', 'groups', 'people', 'portal', 'demo', 'finish'];
const SERVER_STEPS: readonly ServerStepKey[] = ['events', 'placements', 'groups', 'people', 'portal'];
const STATUS_LABEL: Record<StepStatus, MessageKey> = {
  pending: 'install.status.pending',
  running: 'install.status.running',
  done: 'install.status.done',
  failed: 'install.status.failed',
};
/** How long to wait for the portal to reload into the app before suggesting a reload by hand. */
const FINISH_PATIENCE_MS = 15_000;
/** How often the wizard asks how far the imports are. */
const IMPORT_POLL_MS = 700;

type Phase = 'running' | 'importing' | 'demo' | 'failed' | 'finishing' | 'finished-before' | 'not-in-frame' | 'session-expired';

/** The people step's line while the imports run. */
function importText(i18n: ReturnType<typeof useI18n>, readiness: Readiness | null): string {
  const { t, lang } = i18n;
  const people = readiness?.people;
  const count = (n: number) => n.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US');
  if (!people || (people.done === 0 && people.total === null)) return t('install.people.waiting');
  if (people.total === null) return t('install.people.counting', { done: count(people.done) });
  return t('install.people.progress', { done: count(people.done), total: count(people.total) });
}

const fresh = (): Steps => Object.fromEntries(ORDER.map((key) => [key, { status: 'pending' }])) as Steps;

function Wizard(props: { token: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const api = useMemo(() => createApiClient({ token: () => props.token }), [props.token]);
  const [steps, setSteps] = useState<Steps>(fresh);
  const [phase, setPhase] = useState<Phase>('running');
  const [slow, setSlow] = useState(false);
  const [b24, setB24] = useState<B24Frame | null>(null);
  const [run, setRun] = useState(0);
  const stepsRef = useRef(steps);
  // "Open the app now": stop waiting for the imports (they go on in the background).
  const skipWait = useRef<() => void>(() => undefined);
  // The demo course step: resolved by its form (loaded or skipped).
  const demoDone = useRef<(result: DemoStepResult) => void>(() => undefined);

  const update = (changes: Partial<Steps>) => {
    stepsRef.current = { ...stepsRef.current, ...changes };
    setSteps(stepsRef.current);
  };

  useEffect(() => {
    let live = true;
    const fail = (changes: Partial<Steps>, next: Phase = 'failed') => {
      if (!live) return;
      update(changes);
      setPhase(next);
    };
    (async () => {
      setPhase('running');
      setSlow(false);
      stepsRef.current = fresh();
      update({ frame: { status: 'running' } });

      let frame: B24Frame;
      try {
        frame = await connectFrame();
      } catch (error) {
        const problem: FrameProblem = frameProblemOf(error);
        const message = problem === 'timeout' ? t('frame.timeout.text') : t('frame.failed.text');
        return fail({ frame: { status: 'failed', message } }, problem === 'not-in-frame' ? 'not-in-frame' : 'failed');
      }
      if (!live) return;
      setB24(frame);
      update({ frame: { status: 'done' }, ...Object.fromEntries(SERVER_STEPS.map((key) => [key, { status: 'running' }])) });

      let reply: { steps: Array<{ key: ServerStepKey; ok: boolean; message?: string }> };
      try {
        reply = await api.post('/api/install/setup');
      } catch (error) {
        const expired = error instanceof ApiError && error.status === 401;
        const message = expired ? t('install.sessionExpired') : apiErrorText(t, error);
        return fail(Object.fromEntries(SERVER_STEPS.map((key) => [key, { status: 'failed', message }])), expired ? 'session-expired' : 'failed');
      }
      if (!live) return;
      const results: Partial<Steps> = {};
      for (const key of SERVER_STEPS) {
        const step = reply.steps.find((s) => s.key === key);
        // A step the server did not report did not happen.
        results[key] = step?.ok ? { status: 'done' } : { status: 'failed', message: step?.message };
      }
      if (SERVER_STEPS.some((key) => results[key]?.status !== 'done')) return fail(results);

      // The imports the setup queued: shown as they go; the portal reloads into the app once they are over
      // (a first launch during a big import is slower, and the app's screens need the people).
      update({ ...results, people: { status: 'running', message: importText(i18n, null) } });
      setPhase('importing');
      let skipped = false;
      const skip = new Promise<void>((resolve) => {
        skipWait.current = () => {
          skipped = true;
          resolve();
        };
      });
      while (live && !skipped) {
        let readiness: Readiness;
        try {
          readiness = installReadiness((await api.get<{ imports: ImportProgress[] }>('/api/install/progress')).imports);
        } catch {
          break; // progress is a courtesy: never let it hold up the installation
        }
        if (!live || skipped) break;
        update({ people: { status: 'running', message: importText(i18n, readiness) } });
        if (readiness.ready) break;
        await Promise.race([skip, new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS))]);
      }
      if (!live) return;

      // The last choice: start with the demo course, or with an empty catalog.
      update({ people: { status: 'done' }, demo: { status: 'running', message: t('install.demo.choose') } });
      setPhase('demo');
      const demo = await new Promise<DemoStepResult>((resolve) => {
        demoDone.current = resolve;
      });
      if (!live) return;

      update({ demo, finish: { status: 'running' } });
      if (finishInstall(frame)) {
        setPhase('finishing');
        setTimeout(() => live && setSlow(true), FINISH_PATIENCE_MS);
      } else {
        // Opened again after the installation was finished: the setup above refreshed it, nothing more to do.
        update({ finish: { status: 'done' } });
        setPhase('finished-before');
      }
    })();
    return () => {
      live = false;
    };
  }, [run]);

  useEffect(() => {
    if (!b24) return undefined;
    setFrameTitle(b24, t('install.title'));
    const root = document.getElementById('app');
    return root ? fitFrameToContent(b24, root) : undefined;
  }, [b24]);

  if (phase === 'not-in-frame') {
    return <NoticePage testId="install-not-in-frame" title={t('frame.notInFrame.title')} text={t('frame.notInFrame.text')} />;
  }

  const done = ORDER.filter((key) => steps[key].status === 'done').length;
  const failedSteps = ORDER.filter((key) => steps[key].status === 'failed');
  return (
    <main class="tg-shell tg-install" data-testid="install-page" data-phase={phase}>
      {/* The portal shows the title above the frame (setTitle); this heading is for screen readers. */}
      <h1 class="tg-sr-only">{t('install.title')}</h1>
      <section class="tg-card">
        <p class="tg-intro">{t('install.intro')}</p>
        <div
          class="tg-progress"
          role="progressbar"
          aria-label={t('install.progress')}
          aria-valuemin={0}
          aria-valuemax={ORDER.length}
          aria-valuenow={done}
          data-testid="install-progress"
        >
          <div class={phase === 'failed' || phase === 'session-expired' ? 'tg-progress-failed' : ''} style={{ width: `${(done / ORDER.length) * 100}%` }} />
        </div>
        <ol class="tg-steps" data-testid="install-steps">
          {ORDER.map((key) => (
            <li key={key} class={`tg-step tg-step-${steps[key].status}`} data-testid={`install-step-${key}`} data-status={steps[key].status}>
              <StepIcon status={steps[key].status} />
              <span class="tg-step-main">
                <span class="tg-step-name">{t(`install.step.${key}`)}</span>
                {steps[key].status !== 'pending' && steps[key].message && (
                  <span class="tg-step-message" data-testid={`install-step-${key}-message`}>
                    {steps[key].message}
                  </span>
                )}
              </span>
              <span class="tg-step-status">{t(STATUS_LABEL[steps[key].status])}</span>
            </li>
          ))}
        </ol>

        {(phase === 'failed' || phase === 'session-expired') && (
          <div class="tg-alert tg-alert-danger" role="alert" data-testid="install-error">
            <div>
              <strong>{t('install.failed.title')}</strong>
              <p>{phase === 'session-expired' ? t('install.sessionExpired') : t('install.failed.text')}</p>
              {failedSteps.length > 0 && <p class="tg-small">{failedSteps.map((key) => t(`install.step.${key}`)).join(', ')}</p>}
            </div>
            {phase === 'session-expired' ? (
              <button type="button" class="tg-btn tg-btn-primary" onClick={() => reloadPortalPage(b24)}>
                {t('common.reload')}
              </button>
            ) : (
              <button type="button" class="tg-btn tg-btn-primary" data-testid="install-retry" onClick={() => setRun((n) => n + 1)}>
                {t('common.retry')}
              </button>
            )}
          </div>
        )}
        {phase === 'importing' && (
          <div class="tg-alert tg-alert-info" role="status" data-testid="install-importing">
            <p>{t('install.importing')}</p>
            <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="install-open-now" onClick={() => skipWait.current()}>
              {t('install.openNow')}
            </button>
          </div>
        )}
        {phase === 'demo' && (
          <InstallDemoStep
            api={api}
            onProgress={(message, failed) => update({ demo: { status: failed ? 'failed' : 'running', message } })}
            onDone={(result) => demoDone.current(result)}
          />
        )}
        {phase === 'finishing' && (
          <div class="tg-alert tg-alert-success" role="status" data-testid="install-done">
            <p>{t('install.done')}</p>
            {slow && (
              <p>
                {t('install.slow')}{' '}
                <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => reloadPortalPage(b24)}>
                  {t('common.reload')}
                </button>
              </p>
            )}
          </div>
        )}
        {phase === 'finished-before' && (
          <div class="tg-alert tg-alert-success" role="status" data-testid="install-done">
            <p>{t('install.alreadyInstalled')}</p>
          </div>
        )}
      </section>
    </main>
  );
}

function StepIcon(props: { status: StepStatus }) {
  if (props.status === 'running') return <span class="tg-step-icon tg-spinner" aria-hidden="true" />;
  const glyph = props.status === 'done' ? '✓' : props.status === 'failed' ? '!' : '';
  return (
    <span class={`tg-step-icon tg-step-icon-${props.status}`} aria-hidden="true">
      {glyph}
    </span>
  );
}

/** The server refused to start the wizard (not an admin, data missing, not confirmed). */
function Refused(props: { error: BootError }) {
  const { t } = useI18n();
  const { code } = props.error;
  const text: MessageKey = code === 'NOT_ADMIN' || code === 'INSTALL_DATA_MISSING' ? `install.refused.${code}` : 'install.refused.generic';
  return <NoticePage testId="install-refused" title={t('install.refused.title')} text={t(text)} code={code} />;
}

function Root(props: { boot: Boot }) {
  const { boot } = props;
  if (boot.view === 'error') return <ErrorPage error={boot.error} />;
  if (boot.view !== 'install') return <ErrorPage error={{ code: 'WRONG_PAGE', message: 'This page expected the installer, not the app.' }} />;
  const install = (boot as InstallBoot).install;
  return install.ok ? <Wizard token={install.token} /> : <Refused error={install.error} />;
}

mountPage((boot) => <Root boot={boot} />);
