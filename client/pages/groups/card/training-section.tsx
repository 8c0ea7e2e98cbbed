import { useMemo, useState } from 'preact/hooks';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { Chip } from '../../catalog/view-parts';
import { groupsErrorText } from '../groups-format';
import { CardSection } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import type { GroupCard } from '../groups-types';
import { trainingClient } from './training-client';
import { TrainingPeople } from './training-people';

const today = () => new Date().toISOString().slice(0, 10);
const TONE = { running: 'success', paused: 'warning', stopped: 'muted' } as const;

/**
 * Launch, pause, resume and stop the group's training: the whole group here, chosen people in
 * TrainingPeople (which also launches stopped people again). Shown to whoever may edit the group;
 * the server checks again. Stopping asks first.
 */
export function TrainingSection(props: { group: GroupCard }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const client = useMemo(() => trainingClient(nav.api), [nav.api]);
  const g = props.group;
  const state = useResource(() => client.state(g.id), [g.id]);
  const [startsOn, setStartsOn] = useState(today());
  const [confirmStop, setConfirmStop] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (!g.rights.edit) return null;

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
      setConfirmStop(false);
      state.reload();
    } catch (e) {
      setError(groupsErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const title = t('plans.card.title');
  if (!state.state.data) {
    // Until the state is read, say so rather than "not launched".
    return (
      <CardSection id="group-launch-title" testId="group-launch" title={title}>
        {state.state.status === 'error' ? (
          <p class="tg-error" role="alert">
            {groupsErrorText(t, state.state.error)}
          </p>
        ) : (
          <p class="tg-muted">{t('app.loading')}</p>
        )}
      </CardSection>
    );
  }
  const launch = state.state.data.launch;
  const live = launch !== null && launch.state !== 'stopped';
  return (
    <CardSection id="group-launch-title" testId="group-launch" title={title}>
      <p class="tg-chips">
        <Chip tone={launch ? TONE[launch.state] : 'muted'} testId="training-state">
          {launch ? t(`plans.state.${launch.state}`) : t('plans.state.none')}
        </Chip>
        {launch && <span class="tg-muted">{t('plans.card.startsOn', { day: launch.startsOn, zone: launch.timeZone })}</span>}
        <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="training-report" onClick={() => nav.go({ view: 'report', groupId: g.id })}>
          {t('reports.open')}
        </button>
      </p>
      {!live && (
        <div class="tg-form-row">
          <label>
            {t('plans.card.startDay')}{' '}
            <input class="tg-input tg-input-date" type="date" value={startsOn} data-testid="training-start" onInput={(e) => setStartsOn((e.target as HTMLInputElement).value)} />
          </label>{' '}
          <button type="button" class="tg-btn tg-btn-primary tg-btn-sm" disabled={busy || !startsOn} data-testid="training-launch" onClick={() => void run(() => client.launch(g.id, startsOn), t('plans.card.launched'))}>
            {t('plans.card.launch')}
          </button>
          <p class="tg-muted">{t('plans.card.launchHint')}</p>
        </div>
      )}
      {live && (
        <div class="tg-view-actions">
          {launch.state === 'running' ? (
            <button type="button" class="tg-btn tg-btn-light tg-btn-sm" disabled={busy} data-testid="training-pause" onClick={() => void run(() => client.change(g.id, 'pause'), t('plans.card.paused'))}>
              {t('plans.card.pause')}
            </button>
          ) : (
            <button type="button" class="tg-btn tg-btn-light tg-btn-sm" disabled={busy} data-testid="training-resume" onClick={() => void run(() => client.change(g.id, 'resume'), t('plans.card.resumed'))}>
              {t('plans.card.resume')}
            </button>
          )}
          <button type="button" class="tg-btn tg-btn-link tg-link-danger" disabled={busy} data-testid="training-stop" onClick={() => setConfirmStop(true)}>
            {t('plans.card.stop')}
          </button>
        </div>
      )}
      {live && <TrainingPeople groupId={g.id} client={client} state={state.state.data} onChanged={state.reload} />}
      {confirmStop && (
        <ConfirmPanel
          testId="training-stop-confirm"
          danger
          busy={busy}
          title={t('plans.stop.title')}
          confirmLabel={t('plans.stop.yes')}
          onConfirm={() => void run(() => client.change(g.id, 'stop'), t('plans.card.stopped'))}
          onCancel={() => setConfirmStop(false)}
        >
          <p>{t('plans.stop.text')}</p>
        </ConfirmPanel>
      )}
      {notice && (
        <p class="tg-alert tg-alert-success" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="tg-error" role="alert">
          {error}
        </p>
      )}
    </CardSection>
  );
}
