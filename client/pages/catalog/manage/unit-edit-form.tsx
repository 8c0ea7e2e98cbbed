import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { Level, ManageCourse, ManageUnit, Topic } from '../catalog-types';
import { storedFromConflict } from './edit-conflict';
import { useEditForm } from './use-edit-form';
import { UnitForm, unitFieldsOf, type UnitDraft } from './unit-form';

const draftOf = (item: object): UnitDraft => {
  const x = item as Record<string, unknown>;
  return {
    title: String(x.title ?? ''),
    topic: { id: Number((x.topic as { id?: unknown } | null)?.id) },
    level: x.level as Level,
  };
};

/** Editing a unit in place (PATCH /api/units/:id with the unit's version). */
export function UnitEditForm(props: { unit: ManageUnit; topics: Topic[]; onSaved: (course: ManageCourse) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const form = useEditForm<UnitDraft>(draftOf(props.unit), props.unit.version);

  const send = async (version: number, draft: UnitDraft) => {
    const course = await nav.client.updateUnit(props.unit.id, version, unitFieldsOf(draft));
    const stored = course.units.find((u) => u.id === props.unit.id);
    props.onSaved(course);
    return { fields: stored ? draftOf(stored) : draft, version: stored?.version ?? version };
  };
  const theirsOf = (error: unknown) => {
    const stored = storedFromConflict(error, 'unit', props.unit.id);
    return stored ? { fields: draftOf(stored), version: stored.version as number } : null;
  };

  return (
    <UnitForm
      form={form}
      topics={props.topics}
      testId={`unit-form-${props.unit.id}`}
      saveLabel={t('catalog.form.save')}
      onSubmit={() => void form.submit(send, theirsOf)}
      onCancel={props.onCancel}
      onTakeTheirs={form.takeTheirs}
      onOverwrite={() => void form.overwrite(send, theirsOf)}
    />
  );
}
