import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourse } from '../catalog-types';
import { storedFromConflict } from './edit-conflict';
import { ConflictAndSave, HiddenFromExtranetInput } from './form-ending';
import { TextArea, TextInput } from './form-parts';
import { useEditForm } from './use-edit-form';

interface CourseFields {
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
}

const fieldsOf = (c: { title: unknown; description: unknown; hiddenFromExtranet: unknown }): CourseFields => ({
  title: String(c.title ?? ''),
  description: String(c.description ?? ''),
  hiddenFromExtranet: c.hiddenFromExtranet === true,
});

/** The course's own fields: title, description (Markdown), hidden from extranet. */
export function CourseForm(props: { course: ManageCourse; onSaved: (course: ManageCourse) => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const c = props.course;
  const form = useEditForm(fieldsOf(c), c.version);
  const readOnly = !c.canEdit;
  const titleMissing = form.draft.title.trim() === '';

  const send = async (version: number, draft: CourseFields) => {
    const reply = await nav.client.updateCourse(c.id, version, { ...draft, title: draft.title.trim() });
    props.onSaved(reply);
    return { fields: fieldsOf(reply), version: reply.version };
  };
  const theirsOf = (error: unknown) => {
    const stored = storedFromConflict(error, 'course', c.id);
    return stored ? { fields: fieldsOf(stored as unknown as CourseFields), version: stored.version as number } : null;
  };

  return (
    <form
      class="tg-form"
      data-testid="course-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!readOnly && !titleMissing) void form.submit(send, theirsOf);
      }}
    >
      <TextInput label={t('catalog.course.title')} value={form.draft.title} onInput={(title) => form.set({ title })} disabled={readOnly} testId="course-title-input" wide error={titleMissing ? t('catalog.form.required') : null} />
      <TextArea
        label={t('catalog.course.description')}
        hint={t('catalog.form.markdownHint')}
        value={form.draft.description}
        onInput={(description) => form.set({ description })}
        disabled={readOnly}
        rows={3}
        testId="course-description-input"
      />
      <HiddenFromExtranetInput checked={form.draft.hiddenFromExtranet} onChange={(hiddenFromExtranet) => form.set({ hiddenFromExtranet })} disabled={readOnly} testId="course-hidden-input" />
      <ConflictAndSave
        form={form}
        name="course"
        labels={{ title: t('catalog.course.title'), description: t('catalog.course.description'), hiddenFromExtranet: t('catalog.hiddenFromExtranetLabel') }}
        send={send}
        theirsOf={theirsOf}
        readOnly={readOnly}
      />
    </form>
  );
}
