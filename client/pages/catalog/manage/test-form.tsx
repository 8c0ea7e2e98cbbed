import { useI18n } from '../../../i18n/i18n';
import type { TestSettings } from '../catalog-client';
import { useCatalogNav } from '../catalog-route';
import type { ManageTest } from '../catalog-types';
import { storedFromConflict } from './edit-conflict';
import { ConflictAndSave, HiddenFromExtranetInput } from './form-ending';
import { NumberInput, TextArea, TextInput } from './form-parts';
import { minutesProblem } from './lesson-editor';
import { useEditForm } from './use-edit-form';

interface TestDraft {
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  passMark: string;
  attemptsAllowed: string;
  minutes: string;
}

const draftOf = (x: Record<string, unknown>): TestDraft => ({
  title: String(x.title ?? ''),
  description: String(x.description ?? ''),
  hiddenFromExtranet: x.hiddenFromExtranet === true,
  passMark: String(x.passMark ?? ''),
  attemptsAllowed: x.attemptsAllowed === null || x.attemptsAllowed === undefined ? '' : String(x.attemptsAllowed),
  minutes: String(x.estimatedMinutes ?? ''),
});

/** What is wrong with the numbers, by field (empty attempts = unlimited). */
export function testDraftProblems(d: { title: string; passMark: string; attemptsAllowed: string; minutes: string }) {
  const whole = (v: string) => /^\d{1,3}$/.test(v.trim());
  return {
    title: d.title.trim() === '',
    passMark: !whole(d.passMark) || Number(d.passMark) > 100,
    attemptsAllowed: d.attemptsAllowed.trim() !== '' && (!whole(d.attemptsAllowed) || Number(d.attemptsAllowed) < 1 || Number(d.attemptsAllowed) > 100),
    minutes: minutesProblem(d.minutes),
  };
}

/** A test's settings: title, description and extranet flag (standalone tests), pass mark, attempts, time. */
export function TestForm(props: { test: ManageTest; onSaved: (test: ManageTest) => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const x = props.test;
  const standalone = x.unitId === null;
  const form = useEditForm<TestDraft>(draftOf(x as unknown as Record<string, unknown>), x.version);
  const readOnly = !x.canEdit;
  const problems = testDraftProblems(form.draft);
  const invalid = Object.values(problems).some(Boolean);

  const send = async (version: number, d: TestDraft) => {
    const fields: Partial<TestSettings> = {
      title: d.title.trim(),
      passMark: Number(d.passMark),
      attemptsAllowed: d.attemptsAllowed.trim() === '' ? null : Number(d.attemptsAllowed),
      estimatedMinutes: Number(d.minutes),
    };
    if (standalone) Object.assign(fields, { description: d.description, hiddenFromExtranet: d.hiddenFromExtranet });
    const reply = await nav.client.updateTest(x.id, version, fields);
    props.onSaved(reply);
    return { fields: draftOf(reply as unknown as Record<string, unknown>), version: reply.version };
  };
  const theirsOf = (error: unknown) => {
    const stored = storedFromConflict(error, 'test', x.id);
    return stored ? { fields: draftOf(stored), version: stored.version as number } : null;
  };

  return (
    <form
      class="tg-form"
      data-testid="test-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!readOnly && !invalid) void form.submit(send, theirsOf);
      }}
    >
      <TextInput label={t('catalog.test.titleLabel')} value={form.draft.title} onInput={(title) => form.set({ title })} disabled={readOnly} testId="test-title-input" wide error={problems.title ? t('catalog.form.required') : null} />
      {standalone && (
        <TextArea label={t('catalog.test.description')} value={form.draft.description} onInput={(description) => form.set({ description })} disabled={readOnly} rows={3} testId="test-description-input" />
      )}
      <div class="tg-form-row">
        <NumberInput label={t('catalog.test.passMark')} value={form.draft.passMark} onInput={(passMark) => form.set({ passMark })} min={0} max={100} disabled={readOnly} testId="test-passmark-input" error={problems.passMark ? t('catalog.form.percentRange') : null} />
        <NumberInput
          label={t('catalog.test.attemptsAllowed')}
          hint={t('catalog.test.attemptsHint')}
          placeholder={t('catalog.test.unlimitedShort')}
          value={form.draft.attemptsAllowed}
          onInput={(attemptsAllowed) => form.set({ attemptsAllowed })}
          min={1}
          max={100}
          disabled={readOnly}
          testId="test-attempts-input"
          error={problems.attemptsAllowed ? t('catalog.form.attemptsRange') : null}
        />
        <NumberInput label={t('catalog.lesson.minutes')} value={form.draft.minutes} onInput={(minutes) => form.set({ minutes })} min={0} max={600} disabled={readOnly} testId="test-minutes-input" error={problems.minutes ? t('catalog.form.minutesRange') : null} />
      </div>
      {standalone && <HiddenFromExtranetInput checked={form.draft.hiddenFromExtranet} onChange={(hiddenFromExtranet) => form.set({ hiddenFromExtranet })} disabled={readOnly} testId="test-hidden-input" />}
      <ConflictAndSave
        form={form}
        name="test"
        labels={{
          title: t('catalog.test.titleLabel'),
          description: t('catalog.test.description'),
          passMark: t('catalog.test.passMark'),
          attemptsAllowed: t('catalog.test.attemptsAllowed'),
          minutes: t('catalog.lesson.minutes'),
          hiddenFromExtranet: t('catalog.hiddenFromExtranetLabel'),
        }}
        send={send}
        theirsOf={theirsOf}
        readOnly={readOnly}
      />
    </form>
  );
}
