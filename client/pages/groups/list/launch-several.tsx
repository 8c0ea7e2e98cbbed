import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import { Chip } from '../../catalog/view-parts';
import { trainingClient } from '../card/training-client';
import { countOf, formatDay, groupsErrorText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import { launchedResult, refusedResult, stillToLaunch, type ChosenGroup, type LaunchOutcome, type LaunchResult } from './launch-several-model';

const today = () => new Date().toISOString().slice(0, 10);
const TONE = { launched: 'success', alreadyTraining: 'topic', refused: 'danger', heldBack: 'warning' } as const;

/**
 * The list's bar for launching the chosen groups together (issue 10 part 4): "all shown", the
 * start day and "Launch training (n)"; a confirmation in place that names the groups and the day;
 * then what became of each group, as the all-or-none route answered. The groups not launched stay
 * chosen. Only groups the caller may edit can be chosen (the list offers no box for the others);
 * the server decides again.
 */
export function LaunchSeveral(props: { chosen: readonly ChosenGroup[]; shown: readonly ChosenGroup[]; onChoose: (groups: ChosenGroup[]) => void }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const client = useMemo(() => trainingClient(nav.api), [nav.api]);
  const [startsOn, setStartsOn] = useState(today());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LaunchResult | null>(null);

  const chosenIds = new Set(props.chosen.map((g) => g.id));
  const allShown = props.shown.length > 0 && props.shown.every((g) => chosenIds.has(g.id));
  const n = props.chosen.length;
  const chooseShown = (on: boolean) => {
    const shownIds = new Set(props.shown.map((g) => g.id));
    props.onChoose(on ? [...props.chosen, ...props.shown.filter((g) => !chosenIds.has(g.id))] : props.chosen.filter((g) => !shownIds.has(g.id)));
  };

  const launch = async () => {
    const groups = [...props.chosen];
    setBusy(true);
    setResult(null);
    try {
      const reply = await client.launchMany(
        groups.map((g) => g.id),
        startsOn,
      );
      finish(launchedResult(groups, reply.launches));
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'UNKNOWN';
      finish(refusedResult(groups, { code, details: error instanceof ApiError ? error.details : undefined, reason: groupsErrorText(t, error) }));
    } finally {
      setBusy(false);
    }
  };
  const finish = (done: LaunchResult) => {
    setResult(done);
    setConfirming(false);
    props.onChoose(stillToLaunch(done));
  };

  return (
    <div class="tg-launch-several" data-testid="groups-launch-bar" aria-busy={busy}>
      <div class="tg-launch-bar">
        <label class="tg-checkbox">
          <input type="checkbox" checked={allShown} disabled={props.shown.length === 0 || busy} data-testid="groups-choose-all" onChange={(e) => chooseShown((e.currentTarget as HTMLInputElement).checked)} />
          {t('groups.launch.chooseAll')}
        </label>
        {n === 0 ? (
          <span class="tg-muted" data-testid="groups-chosen">
            {t('groups.launch.hint')}
          </span>
        ) : (
          <>
            <span class="tg-launch-count" role="status" data-testid="groups-chosen">
              {t('groups.launch.chosen', { groups: countOf(t, lang, 'groups', n) })}
            </span>
            <label class="tg-launch-day">
              {t('groups.launch.startDay')}
              <input class="tg-input tg-input-date" type="date" required value={startsOn} disabled={busy} data-testid="groups-launch-day" onInput={(e) => setStartsOn((e.target as HTMLInputElement).value)} />
            </label>
            <button type="button" class="tg-btn tg-btn-primary tg-btn-sm" disabled={busy || !startsOn} data-testid="groups-launch" onClick={() => setConfirming(true)}>
              {t('groups.launch.open', { n })}
            </button>
            <button type="button" class="tg-btn tg-btn-link tg-btn-sm" disabled={busy} data-testid="groups-launch-clear" onClick={() => props.onChoose([])}>
              {t('groups.launch.clear')}
            </button>
          </>
        )}
      </div>
      {confirming && n > 0 && (
        <ConfirmPanel
          testId="groups-launch-confirm"
          busy={busy}
          title={t('groups.launch.confirm.title', { day: formatDay(lang, startsOn) })}
          confirmLabel={t('groups.launch.confirm.yes')}
          onConfirm={() => void launch()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('groups.launch.confirm.groups', { n })}</p>
          <ul class="tg-launch-names" data-testid="groups-launch-confirm-names">
            {props.chosen.map((g) => (
              <li key={g.id}>{g.name}</li>
            ))}
          </ul>
          <p class="tg-muted">{t('groups.launch.confirm.text')}</p>
        </ConfirmPanel>
      )}
      {result && <LaunchResultPanel result={result} />}
    </div>
  );
}

function LaunchResultPanel(props: { result: LaunchResult }) {
  const { t, lang } = useI18n();
  const { rows, reason } = props.result;
  const allLaunched = rows.every((r) => r.outcome.kind === 'launched');
  const text = (outcome: LaunchOutcome) => {
    switch (outcome.kind) {
      case 'launched':
        return t('groups.launch.result.launched', { day: formatDay(lang, outcome.startsOn), zone: outcome.timeZone, plans: countOf(t, lang, 'plans', outcome.plans) });
      case 'refused':
        return t('groups.launch.result.refused', { reason: outcome.reason });
      default:
        return t(`groups.launch.result.${outcome.kind}` as MessageKey);
    }
  };
  return (
    <div class={`tg-alert tg-launch-result ${allLaunched ? 'tg-alert-success' : 'tg-launch-result-mixed'}`} role="status" data-testid="groups-launch-result">
      <p class="tg-launch-result-title">{t('groups.launch.result.title')}</p>
      {reason && (
        <p class="tg-error" role="alert" data-testid="groups-launch-reason">
          {t('groups.launch.result.nothing', { reason })}
        </p>
      )}
      <ul>
        {rows.map(({ group, outcome }) => (
          <li key={group.id} data-testid="groups-launch-result-row" data-group-id={group.id} data-outcome={outcome.kind}>
            <span class="tg-launch-result-name">{group.name}</span> <Chip tone={TONE[outcome.kind]}>{text(outcome)}</Chip>
          </li>
        ))}
      </ul>
      {!allLaunched && rows.some((r) => r.outcome.kind === 'heldBack') && <p class="tg-muted">{t('groups.launch.result.again')}</p>}
    </div>
  );
}
