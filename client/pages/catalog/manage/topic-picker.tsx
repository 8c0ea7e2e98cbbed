import { useId } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import type { Topic } from '../catalog-types';

export type TopicChoice = { id: number } | { name: string };

const NEW = 'new';

/** A unit's topic: one of the portal's topics, or a new one by name (the server finds an existing one of that name). */
export function TopicPicker(props: { topics: Topic[]; value: TopicChoice; onChange: (value: TopicChoice) => void; disabled?: boolean; error?: string | null; testId: string }) {
  const { t } = useI18n();
  const id = useId();
  const isNew = 'name' in props.value;
  return (
    <div class={`tg-field${props.error ? ' tg-field-invalid' : ''}`}>
      <label class="tg-label" for={`${id}-select`}>
        {t('catalog.unit.topic')}
      </label>
      <div class="tg-topic-picker">
        <select
          id={`${id}-select`}
          class="tg-input tg-select"
          disabled={props.disabled}
          data-testid={`${props.testId}-select`}
          value={isNew ? NEW : String((props.value as { id: number }).id)}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            props.onChange(value === NEW ? { name: '' } : { id: Number(value) });
          }}
        >
          {props.topics.map((topic) => (
            <option key={topic.id} value={String(topic.id)}>
              {topic.name}
            </option>
          ))}
          <option value={NEW}>{t('catalog.unit.newTopic')}</option>
        </select>
        {isNew && (
          <input
            class="tg-input"
            type="text"
            maxLength={200}
            aria-label={t('catalog.unit.newTopicName')}
            placeholder={t('catalog.unit.newTopicName')}
            value={(props.value as { name: string }).name}
            disabled={props.disabled}
            data-testid={`${props.testId}-name`}
            onInput={(event) => props.onChange({ name: (event.currentTarget as HTMLInputElement).value })}
          />
        )}
      </div>
      {props.error && <p class="tg-field-error">{props.error}</p>}
    </div>
  );
}

/** The first topic, or "new" when the portal has none yet. */
export function defaultTopic(topics: Topic[]): TopicChoice {
  const first = topics[0];
  return first ? { id: first.id } : { name: '' };
}
