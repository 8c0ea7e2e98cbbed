import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourse, Topic } from '../catalog-types';
import { defaultTopic } from './topic-picker';
import { useEditForm } from './use-edit-form';
import { UnitForm, unitFieldsOf, type UnitDraft } from './unit-form';

/** Adding a unit at the end of the course. */
export function UnitAddForm(props: { course: ManageCourse; topics: Topic[]; onAdded: (course: ManageCourse) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  // Fixed when the form opens: topics arriving later must not look like someone else's change.
  const [empty] = useState<UnitDraft>(() => ({ title: '', topic: defaultTopic(props.topics), level: 'beginner' }));
  const form = useEditForm<UnitDraft>(empty, 0);

  const send = async (_version: number, draft: UnitDraft) => {
    const course = await nav.client.createUnit(props.course.id, unitFieldsOf(draft));
    props.onAdded(course);
    return { fields: empty, version: 0 };
  };

  return (
    <div class="tg-unit tg-unit-new">
      <h3 class="tg-unit-title">{t('catalog.unit.add')}</h3>
      <UnitForm form={form} topics={props.topics} testId="unit-add" saveLabel={t('catalog.unit.addButton')} onSubmit={() => void form.submit(send, () => null)} onCancel={props.onCancel} />
    </div>
  );
}
