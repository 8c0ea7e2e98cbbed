import { useI18n } from '../../../i18n/i18n';
import type { UnitFields } from '../catalog-client';
import { LEVEL_LABEL } from '../catalog-format';
import { LEVELS, type Level, type Topic } from '../catalog-types';
import { ConflictNotice } from './conflict-notice';
import { Field, SaveBar, TextInput } from './form-parts';
import { TopicPicker, type TopicChoice } from './topic-picker';
import type { EditForm } from './use-edit-form';

export interface UnitDraft {
  title: string;
  topic: TopicChoice;
  level: Level;
}

export function unitProblem(draft: UnitDraft): 'title' | 'topic' | null {
  if (!draft.title.trim()) return 'title';
  if ('name' in draft.topic && !draft.topic.name.trim()) return 'topic';
  return null;
}

export const unitFieldsOf = (draft: UnitDraft): UnitFields => ({ title: draft.title.trim(), topic: draft.topic, level: draft.level });

/** A unit's title, topic (pick or create) and level; used to add a unit and to edit one in place. */
export function UnitForm(props: {
  form: EditForm<UnitDraft>;
  topics: Topic[];
  testId: string;
  saveLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  onTakeTheirs?: () => void;
  onOverwrite?: () => void;
}) {
  const { t } = useI18n();
  const { form } = props;
  const problem = unitProblem(form.draft);
  return (
    <form
      class="tg-form tg-form-inline"
      data-testid={props.testId}
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem) props.onSubmit();
      }}
    >
      <div class="tg-form-row">
        <TextInput label={t('catalog.unit.title')} value={form.draft.title} onInput={(title) => form.set({ title })} testId={`${props.testId}-title`} error={problem === 'title' && form.dirty ? t('catalog.form.required') : null} wide />
        <TopicPicker topics={props.topics} value={form.draft.topic} onChange={(topic) => form.set({ topic })} testId={`${props.testId}-topic`} error={problem === 'topic' ? t('catalog.form.required') : null} />
        <Field label={t('catalog.unit.level')}>
          {(id) => (
            <select id={id} class="tg-input tg-select" value={form.draft.level} data-testid={`${props.testId}-level`} onChange={(event) => form.set({ level: (event.currentTarget as HTMLSelectElement).value as Level })}>
              {LEVELS.map((level) => (
                <option key={level} value={level}>
                  {t(LEVEL_LABEL[level])}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {form.state.conflict && props.onTakeTheirs && props.onOverwrite && (
        <ConflictNotice
          testId={`${props.testId}-conflict`}
          theirs={form.state.conflict.theirs as unknown as Record<string, unknown>}
          mine={form.draft as unknown as Record<string, unknown>}
          labels={{ title: t('catalog.unit.title'), level: t('catalog.unit.level'), topic: t('catalog.unit.topic') }}
          show={(value, key) => (key === 'level' ? t(LEVEL_LABEL[value as Level]) : key === 'topic' ? topicName(props.topics, value as TopicChoice) : String(value))}
          onTakeTheirs={props.onTakeTheirs}
          onOverwrite={props.onOverwrite}
        />
      )}
      <SaveBar testId={props.testId} dirty={form.dirty} save={form.save} saveLabel={props.saveLabel} onCancel={props.onCancel} />
    </form>
  );
}

function topicName(topics: Topic[], choice: TopicChoice): string {
  if ('name' in choice) return choice.name;
  return topics.find((topic) => topic.id === choice.id)?.name ?? `#${choice.id}`;
}
