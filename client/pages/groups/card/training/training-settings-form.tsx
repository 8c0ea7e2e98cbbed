import { useState } from 'preact/hooks';
import type { ApiError } from '../../../../api';
import { useI18n } from '../../../../i18n/i18n';
import { ConflictNotice } from '../../../catalog/manage/conflict-notice';
import { isEditConflict } from '../../../catalog/manage/edit-conflict';
import { NumberInput, SaveBar, TextArea } from '../../../catalog/manage/form-parts';
import { useEditForm } from '../../../catalog/manage/use-edit-form';
import { todayDay } from '../../groups-format';
import type { GroupCard } from '../../groups-types';
import { ExpressUnits } from './express-units';
import { PlanPreviewTable } from './plan-preview';
import { ProgramEditor } from './program-editor';
import { draftOf, draftProblems, settingsOf, type SettingsDraft } from './settings-draft';
import { TimeZoneSelect } from './time-zone-select';
import type { SettingsReply, TrainingClient } from './training-client';
import { addDays, usePlanPreview } from './use-plan-preview';

/**
 * Editing the training settings: saved with the version read (someone else's newer save is shown
 * side by side and never overwritten silently), unsaved edits guarded by the leave guard, and the
 * plan they would make previewed as the manager types, before anything is saved.
 */
export function TrainingSettingsForm(props: { client: TrainingClient; group: GroupCard; stored: SettingsReply; onStored: (settings: SettingsReply) => void }) {
  const { t } = useI18n();
  const form = useEditForm(draftOf(props.stored), props.stored.version);
  const d = form.draft;
  const [startsOn, setStartsOn] = useState(todayDay());
  // A week after the start unless the manager picks a day: the usual late joiner.
  const [pickedJoinedOn, setJoinedOn] = useState<string | null>(null);
  const joinedOn = pickedJoinedOn ?? addDays(startsOn || todayDay(), 7);
  const problems = draftProblems(d);
  const body = settingsOf(d);
  const catchUp = d.courseType === 'main' && !d.noWaiting && d.lateJoiners === 'catchUp';
  const preview = usePlanPreview(props.client, props.group.id, { draft: body, unsaved: form.dirty, startsOn, joinedOn: catchUp ? joinedOn : null, savedVersion: form.state.version });
  const problem = (field: keyof typeof problems) => (problems[field] ? t(`training.problem.${problems[field]}`) : null);
  const serverField = form.save.status === 'error' ? (form.save.field ?? null) : null;

  // A save in a group in training lays its running plans out again: the manager is told how many.
  const [plansRebuilt, setPlansRebuilt] = useState(0);
  const send = async (version: number, draft: SettingsDraft) => {
    const reply = await props.client.save(props.group.id, version, settingsOf(draft) as NonNullable<typeof body>);
    setPlansRebuilt(reply.plansRebuilt ?? 0);
    props.onStored(reply);
    return { fields: draftOf(reply), version: reply.version };
  };
  const theirsOf = (error: unknown) => {
    if (!isEditConflict(error)) return null;
    const current = ((error as ApiError).details as { current?: SettingsReply } | undefined)?.current;
    if (!current || typeof current.version !== 'number') return null;
    props.onStored(current);
    return { fields: draftOf(current), version: current.version };
  };
  const radio = <K extends keyof SettingsDraft>(name: K, value: SettingsDraft[K], label: string, testId: string) => (
    <label class="tg-radio">
      <input type="radio" name={`training-${name}`} checked={d[name] === value} data-testid={testId} onChange={() => form.set({ [name]: value } as Partial<SettingsDraft>)} />
      <span>{label}</span>
    </label>
  );

  return (
    <form
      class="tg-form tg-training-form"
      data-testid="training-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (body) void form.submit(send, theirsOf);
      }}
    >
      <fieldset class="tg-fieldset tg-training-group">
        <legend class="tg-label">{t('training.courseType')}</legend>
        <div class="tg-radio-row">
          {radio('courseType', 'main', t('training.courseType.main'), 'training-type-main')}
          {radio('courseType', 'express', t('training.courseType.express'), 'training-type-express')}
        </div>
      </fieldset>

      {d.courseType === 'main' ? (
        <>
          <fieldset class="tg-fieldset tg-training-group">
            <legend class="tg-label">{t('training.intensity')}</legend>
            <div class="tg-radio-row">
              {radio('noWaiting', false, t('training.intensity.weekly'), 'training-weekly')}
              {radio('noWaiting', true, t('training.intensity.noWaiting'), 'training-no-waiting')}
            </div>
            {!d.noWaiting && (
              <NumberInput label={t('training.minutesPerWeek')} value={d.minutesPerWeek} min={1} max={10080} testId="training-minutes" error={problem('minutesPerWeek') ?? (serverField === 'minutesPerWeek' ? t('training.problem.server') : null)} onInput={(v) => form.set({ minutesPerWeek: v })} />
            )}
            {d.noWaiting && <p class="tg-field-hint">{t('training.intensity.noWaitingHint')}</p>}
          </fieldset>
          <ProgramEditor client={props.client} draft={d} set={form.set} error={problem('programTopics') ?? (serverField === 'program.topics' ? t('training.problem.server') : null)} />
        </>
      ) : (
        <>
          <ExpressUnits client={props.client} group={props.group} chosen={d.expressUnitIds} onChange={(ids) => form.set({ expressUnitIds: ids })} />
          <NumberInput label={t('training.express.duration')} value={d.expressDurationDays} min={1} max={3650} testId="training-duration" error={problem('expressDurationDays')} onInput={(v) => form.set({ expressDurationDays: v })} />
        </>
      )}

      <div class="tg-form-row">
        <NumberInput label={t('training.threshold')} hint={t('training.thresholdHint')} value={d.thresholdPercent} min={0} max={100} testId="training-threshold" error={problem('thresholdPercent')} onInput={(v) => form.set({ thresholdPercent: v })} />
        <TimeZoneSelect label={t('training.timeZone')} hint={t('training.timeZoneHint')} value={d.timeZone} error={problem('timeZone') ?? (serverField === 'timeZone' ? t('training.problem.server') : null)} onChange={(zone) => form.set({ timeZone: zone })} />
      </div>

      {d.courseType === 'main' && !d.noWaiting && (
        <fieldset class="tg-fieldset tg-training-group" data-testid="training-late">
          <legend class="tg-label">{t('training.late')}</legend>
          <div class="tg-radio-row">
            {radio('lateJoiners', 'ownPace', t('training.late.ownPace'), 'training-own-pace')}
            {radio('lateJoiners', 'catchUp', t('training.late.catchUp'), 'training-catch-up')}
          </div>
          {catchUp && (
            <div class="tg-catch-up" data-testid="training-catch-up-box">
              <label>
                <span class="tg-label">{t('training.late.joinedOn')}</span>
                <input class="tg-input" type="date" value={joinedOn} data-testid="training-joined-on" onChange={(e) => setJoinedOn((e.currentTarget as HTMLInputElement).value)} />
              </label>
              <p role="status" data-testid="training-catch-up-result">
                {preview.state.data?.catchUp
                  ? t(preview.state.data.catchUp.capped ? 'training.late.resultCapped' : 'training.late.result', { minutes: preview.state.data.catchUp.minutesPerWeek })
                  : t('training.late.resultPending')}
              </p>
            </div>
          )}
        </fieldset>
      )}

      <div class="tg-form-row">
        <TextArea label={t('training.staff.en')} value={d.intendedStaffEn} rows={5} testId="training-staff-en" onInput={(v) => form.set({ intendedStaffEn: v })} />
        <TextArea label={t('training.staff.ru')} value={d.intendedStaffRu} rows={5} testId="training-staff-ru" onInput={(v) => form.set({ intendedStaffRu: v })} />
      </div>

      {form.state.conflict && (
        <ConflictNotice
          testId="training-conflict"
          theirs={form.state.conflict.theirs as unknown as Record<string, unknown>}
          mine={d as unknown as Record<string, unknown>}
          labels={{
            courseType: t('training.courseType'),
            minutesPerWeek: t('training.minutesPerWeek'),
            noWaiting: t('training.intensity.noWaiting'),
            thresholdPercent: t('training.threshold'),
            programLevel: t('training.program.legend'),
            expressDurationDays: t('training.express.duration'),
            lateJoiners: t('training.late'),
            timeZone: t('training.timeZone'),
          }}
          onTakeTheirs={form.takeTheirs}
          onOverwrite={() => void form.overwrite(send, theirsOf)}
        />
      )}
      <SaveBar testId="training" dirty={form.dirty} save={form.save} onCancel={form.dirty ? form.reset : undefined}>
        {form.save.status === 'saved' && !form.dirty && plansRebuilt > 0 && (
          <span class="tg-muted" data-testid="training-plans-rebuilt">
            {t('training.plansRebuilt', { count: plansRebuilt })}
          </span>
        )}
      </SaveBar>

      <PlanPreviewTable preview={preview.state} startsOn={startsOn} onStartsOn={setStartsOn} unsaved={form.dirty} blocked={form.dirty && !body} />
    </form>
  );
}
