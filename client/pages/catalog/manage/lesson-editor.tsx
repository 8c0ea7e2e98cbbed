import { useEffect, useId, useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourse } from '../catalog-types';
import { Breadcrumbs, LoadState, ViewHeading } from '../view-parts';
import { ConflictNotice } from './conflict-notice';
import { storedFromConflict } from './edit-conflict';
import { NumberInput, SaveBar, TextInput } from './form-parts';
import { MarkdownPreview } from './markdown-preview';
import { useEditForm } from './use-edit-form';

interface LessonDraft {
  title: string;
  body: string;
  minutes: string;
}

const draftOf = (item: object): LessonDraft => {
  const x = item as Record<string, unknown>;
  return {
    title: String(x.title ?? ''),
    body: String(x.body ?? ''),
    minutes: String(x.estimatedMinutes ?? ''),
  };
};

export function minutesProblem(value: string): boolean {
  return !/^\d{1,3}$/.test(value.trim()) || Number(value) > 600;
}

/** Writing a lesson: title, reading time, Markdown body, and a preview as the learner will see it. */
export function LessonEditor(props: { courseId: number; unitId: number; lessonId: number | null }) {
  const nav = useCatalogNav();
  const course = useResource(() => nav.client.manageCourse(props.courseId), [props.courseId]);
  const c = course.state.data;
  if (!c) return <LoadState resource={course.state} reload={course.reload} testId="lesson-editor" />;
  return <LessonEditorForm course={c} unitId={props.unitId} lessonId={props.lessonId} />;
}

function LessonEditorForm(props: { course: ManageCourse; unitId: number; lessonId: number | null }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const id = useId();
  const unit = props.course.units.find((u) => u.id === props.unitId);
  const lesson = unit?.lessons.find((l) => l.id === props.lessonId) ?? null;
  const form = useEditForm<LessonDraft>(lesson ? draftOf(lesson) : { title: '', body: '', minutes: '5' }, lesson?.version ?? 0);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [createdId, setCreatedId] = useState<number | null>(null);
  // A new lesson becomes an edited one, on its own screen with its id and version. After the render
  // that saw the save: by then the form has told the leave guard it holds nothing unsaved.
  useEffect(() => {
    if (createdId !== null) nav.go({ view: 'editLesson', courseId: props.course.id, unitId: props.unitId, lessonId: createdId });
  }, [createdId]);
  const readOnly = !props.course.canEdit;
  const titleMissing = form.draft.title.trim() === '';
  const badMinutes = minutesProblem(form.draft.minutes);

  const fields = (draft: LessonDraft) => ({ title: draft.title.trim(), body: draft.body, estimatedMinutes: Number(draft.minutes) });
  const send = async (version: number, draft: LessonDraft) => {
    if (!lesson) {
      const created = await nav.client.createLesson(props.unitId, fields(draft));
      return { fields: draftOf(created), version: created.version, created: created.id };
    }
    const reply = await nav.client.updateLesson(lesson.id, version, fields(draft));
    return { fields: draftOf(reply), version: reply.version };
  };
  const theirsOf = (error: unknown) => {
    const stored = lesson ? storedFromConflict(error, 'lesson', lesson.id) : null;
    return stored ? { fields: draftOf(stored), version: stored.version as number } : null;
  };
  const save = async () => {
    let created: number | null = null;
    const ok = await form.submit(async (version, draft) => {
      const reply = await send(version, draft);
      if ('created' in reply) created = reply.created as number;
      return reply;
    }, theirsOf);
    if (ok && created !== null) setCreatedId(created);
  };

  if (!unit || (props.lessonId !== null && !lesson)) {
    return <p class="tg-alert tg-alert-danger" role="alert">{t('catalog.notFound')}</p>;
  }
  const heading = lesson ? lesson.title : t('catalog.lesson.new');
  const backToCourse = () => nav.go({ view: 'editCourse', courseId: props.course.id });
  return (
    <div class="tg-view" data-testid="lesson-editor" data-lesson-id={lesson?.id ?? ''}>
      <Breadcrumbs
        trail={[
          { label: t('catalog.manage.title'), route: { view: 'manage' } },
          { label: props.course.title, route: { view: 'editCourse', courseId: props.course.id } },
        ]}
        current={heading}
      />
      <ViewHeading testId="lesson-editor-title">{heading}</ViewHeading>
      <p class="tg-muted tg-view-meta">{t('catalog.lesson.inUnit', { unit: unit.title })}</p>
      <form
        class="tg-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!readOnly && !titleMissing && !badMinutes) void save();
        }}
      >
        <div class="tg-form-row">
          <TextInput label={t('catalog.lesson.title')} value={form.draft.title} onInput={(title) => form.set({ title })} disabled={readOnly} testId="lesson-title-input" wide error={titleMissing && form.dirty ? t('catalog.form.required') : null} />
          <NumberInput label={t('catalog.lesson.minutes')} value={form.draft.minutes} onInput={(minutes) => form.set({ minutes })} min={0} max={600} disabled={readOnly} testId="lesson-minutes-input" error={badMinutes ? t('catalog.form.minutesRange') : null} />
        </div>
        <div class="tg-editor-tabs" role="tablist" aria-label={t('catalog.lesson.body')}>
          {(['write', 'preview'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${id}-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`${id}-panel`}
              tabIndex={tab === name ? 0 : -1}
              class="tg-editor-tab"
              data-testid={`lesson-tab-${name}`}
              onClick={() => setTab(name)}
              onKeyDown={(event) => {
                if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                  event.preventDefault();
                  const other = name === 'write' ? 'preview' : 'write';
                  setTab(other);
                  document.getElementById(`${id}-tab-${other}`)?.focus();
                }
              }}
            >
              {name === 'write' ? t('catalog.lesson.write') : t('catalog.lesson.preview')}
            </button>
          ))}
        </div>
        <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`} class="tg-editor-panel">
          {tab === 'write' ? (
            <>
              <textarea
                class="tg-input tg-textarea tg-markdown"
                rows={18}
                aria-label={t('catalog.lesson.body')}
                aria-describedby={`${id}-hint`}
                value={form.draft.body}
                disabled={readOnly}
                data-testid="lesson-body-input"
                onInput={(event) => form.set({ body: (event.currentTarget as HTMLTextAreaElement).value })}
              />
              <p class="tg-field-hint" id={`${id}-hint`}>
                {t('catalog.lesson.markdownHelp')}
              </p>
            </>
          ) : (
            <MarkdownPreview body={form.draft.body} />
          )}
        </div>
        {form.state.conflict && (
          <ConflictNotice
            testId="lesson-conflict"
            theirs={form.state.conflict.theirs as unknown as Record<string, unknown>}
            mine={form.draft as unknown as Record<string, unknown>}
            labels={{ title: t('catalog.lesson.title'), minutes: t('catalog.lesson.minutes'), body: t('catalog.lesson.body') }}
            onTakeTheirs={form.takeTheirs}
            onOverwrite={() => void form.overwrite(send, theirsOf)}
          />
        )}
        {!readOnly && (
          <SaveBar testId="lesson" dirty={form.dirty} save={form.save} saveLabel={lesson ? undefined : t('catalog.lesson.create')}>
            <button type="button" class="tg-btn tg-btn-link" data-testid="lesson-editor-back" onClick={backToCourse}>
              {t('catalog.manage.backToCourse')}
            </button>
          </SaveBar>
        )}
      </form>
    </div>
  );
}
