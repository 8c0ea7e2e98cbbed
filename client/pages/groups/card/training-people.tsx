import './training-people.css';
import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import { Chip } from '../../catalog/view-parts';
import { countOf, groupsErrorText } from '../groups-format';
import { STATUS_TONE, statusText } from '../report/report-page';
import type { trainingClient, TrainingState } from './training-client';
import { applies, outcomes, pickerPeople, PEOPLE_ACTIONS, type Outcome, type PeopleAction, type PickerPerson } from './training-people-model';

const ERRORS = new Set(['NOT_IN_PLAN', 'NOT_STOPPED', 'ALREADY_PAUSED', 'NOT_PAUSED']);
const OUTCOME_TONE: Record<Outcome, 'success' | 'muted' | 'warning'> = { done: 'success', unchanged: 'warning', notApplicable: 'muted' };

interface LastChange {
  action: PeopleAction;
  rows: ReturnType<typeof outcomes>;
}

/**
 * The chosen-people part of the training panel (PRODUCT.md §5): the launch's participants with
 * their plan status, ticked one by one or all at once (native checkboxes: Tab and Space), then
 * paused, resumed, stopped (after a confirmation that says what a stop does) or, once stopped,
 * launched again. Each action is sent for the chosen people it fits; what became of every chosen
 * person is listed after it. Read only when opened, so a big group costs nothing until then.
 */
export function TrainingPeople(props: { groupId: number; client: ReturnType<typeof trainingClient>; state: TrainingState; onChanged: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details class="tg-training-people" data-testid="training-people" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary data-testid="training-people-open">{t('trainingPeople.open')}</summary>
      {open && <PeoplePicker {...props} />}
    </details>
  );
}

function PeoplePicker(props: { groupId: number; client: ReturnType<typeof trainingClient>; state: TrainingState; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const launch = props.state.launch;
  // Read again whenever the panel's state is (after any change, the group's own included).
  const progress = useResource(() => props.client.progress(props.groupId), [props.groupId, props.state]);
  const collator = useMemo(() => new Intl.Collator(lang), [lang]);
  const people = useMemo(() => pickerPeople(progress.state.data?.members ?? [], props.state.pauses, collator), [progress.state.data, props.state.pauses, collator]);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [confirmStop, setConfirmStop] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<LastChange | null>(null);

  if (!launch) return null;
  if (!progress.state.data) {
    return progress.state.status === 'error' ? (
      <p class="tg-error" role="alert">
        {groupsErrorText(t, progress.state.error)}
      </p>
    ) : (
      <p class="tg-muted">{t('app.loading')}</p>
    );
  }

  const needle = filter.trim().toLocaleLowerCase(lang);
  const shown = needle ? people.filter((p) => p.name.toLocaleLowerCase(lang).includes(needle)) : people;
  const chosenPeople = people.filter((p) => chosen.has(p.personId));
  const fitting = (action: PeopleAction) => chosenPeople.filter((p) => applies(action, p, launch.state));
  const allShownChosen = shown.length > 0 && shown.every((p) => chosen.has(p.personId));

  const toggle = (personId: number, on: boolean) =>
    setChosen((before) => {
      const next = new Set(before);
      if (on) next.add(personId);
      else next.delete(personId);
      return next;
    });
  const toggleShown = (on: boolean) =>
    setChosen((before) => {
      const next = new Set(before);
      for (const p of shown) if (on) next.add(p.personId);
      else next.delete(p.personId);
      return next;
    });

  const run = async (action: PeopleAction) => {
    const sent = fitting(action).map((p) => p.personId);
    setBusy(true);
    setError(null);
    setLast(null);
    try {
      const reply = await props.client.changePeople(props.groupId, action, sent);
      setLast({ action, rows: outcomes(chosenPeople, sent, reply.personIds ?? sent) });
      setConfirmStop(false);
    } catch (e) {
      setError(e instanceof ApiError && ERRORS.has(e.code) ? t(`trainingPeople.error.${e.code}` as MessageKey) : groupsErrorText(t, e));
    } finally {
      setBusy(false);
      props.onChanged();
    }
  };

  const actionButton = (action: PeopleAction) => {
    const n = fitting(action).length;
    const danger = action === 'stop';
    return (
      <button
        key={action}
        type="button"
        class={`tg-btn tg-btn-sm ${danger ? 'tg-btn-light tg-link-danger' : 'tg-btn-light'}`}
        disabled={busy || n === 0}
        data-testid={`people-${action}`}
        onClick={() => (danger ? setConfirmStop(true) : void run(action))}
      >
        {t(`trainingPeople.action.${action}` as MessageKey, { n })}
      </button>
    );
  };

  if (people.length === 0) return <p class="tg-muted">{t('trainingPeople.none')}</p>;
  const stopping = fitting('stop');
  return (
    <div class="tg-training-people-body">
      <p class="tg-muted">{t('trainingPeople.hint')}</p>
      {launch.state === 'paused' && <p class="tg-muted">{t('trainingPeople.groupPaused')}</p>}
      <div class="tg-form-row">
        <input
          class="tg-input"
          type="search"
          value={filter}
          placeholder={t('trainingPeople.filter')}
          aria-label={t('trainingPeople.filter')}
          data-testid="people-filter"
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />{' '}
        <label class="tg-checkbox">
          <input type="checkbox" checked={allShownChosen} disabled={shown.length === 0} data-testid="people-all" onChange={(e) => toggleShown((e.currentTarget as HTMLInputElement).checked)} />
          {t('trainingPeople.all')}
        </label>{' '}
        <span class="tg-muted" role="status" data-testid="people-chosen">
          {t('trainingPeople.chosen', { people: countOf(t, lang, 'people', chosenPeople.length) })}
        </span>
      </div>
      {shown.length === 0 ? (
        <p class="tg-muted">{t('trainingPeople.noMatch')}</p>
      ) : (
        <ul class="tg-training-people-list" aria-label={t('trainingPeople.open')}>
          {shown.map((p) => (
            <PersonRow key={p.personId} person={p} chosen={chosen.has(p.personId)} onToggle={(on) => toggle(p.personId, on)} />
          ))}
        </ul>
      )}
      <div class="tg-view-actions">{PEOPLE_ACTIONS.map(actionButton)}</div>
      {fitting('restart').length > 0 && <p class="tg-muted">{t('trainingPeople.restartHint')}</p>}
      {confirmStop && (
        <ConfirmPanel
          testId="people-stop-confirm"
          danger
          busy={busy}
          title={t('trainingPeople.stop.title', { people: countOf(t, lang, 'people', stopping.length) })}
          confirmLabel={t('trainingPeople.stop.yes')}
          onConfirm={() => void run('stop')}
          onCancel={() => setConfirmStop(false)}
        >
          <p>{t('trainingPeople.stop.text')}</p>
          <p>{stopping.map((p) => p.name).join(', ')}</p>
        </ConfirmPanel>
      )}
      {error && (
        <p class="tg-error" role="alert">
          {error}
        </p>
      )}
      {last && <ChangeResult change={last} />}
    </div>
  );
}

function PersonRow(props: { person: PickerPerson; chosen: boolean; onToggle: (on: boolean) => void }) {
  const { t } = useI18n();
  const p = props.person;
  const live = p.status !== 'stopped' && p.status !== 'completed';
  return (
    <li data-testid="people-row" data-person-id={p.personId} data-status={p.status}>
      <label class="tg-checkbox">
        <input type="checkbox" checked={props.chosen} data-testid={`people-choose-${p.personId}`} onChange={(e) => props.onToggle((e.currentTarget as HTMLInputElement).checked)} />
        {p.name}
      </label>{' '}
      <span class="tg-chips">
        <Chip tone={STATUS_TONE[p.status]} testId="people-status">
          {statusText(t, p.status)}
        </Chip>
        {p.ownPause && <Chip tone="warning">{t('trainingPeople.ownPause')}</Chip>}
        {live && <Chip tone={p.behind ? 'warning' : 'success'}>{p.behind ? t('reports.behind') : t('reports.onTrack')}</Chip>}
        <span class="tg-muted">{t('trainingPeople.units', { done: p.unitsPassed, total: p.unitsTotal })}</span>
      </span>
    </li>
  );
}

function ChangeResult(props: { change: LastChange }) {
  const { t } = useI18n();
  const text = (outcome: Outcome) => (outcome === 'done' ? t(`trainingPeople.result.${props.change.action}` as MessageKey) : t(`trainingPeople.result.${outcome}` as MessageKey));
  return (
    <div class="tg-alert tg-alert-success" role="status" data-testid="people-result">
      <p>{t('trainingPeople.result.title')}</p>
      <ul>
        {props.change.rows.map(({ person, outcome }) => (
          <li key={person.personId} data-testid="people-result-row" data-person-id={person.personId} data-outcome={outcome}>
            {person.name}: <Chip tone={OUTCOME_TONE[outcome]}>{text(outcome)}</Chip>
          </li>
        ))}
      </ul>
    </div>
  );
}
