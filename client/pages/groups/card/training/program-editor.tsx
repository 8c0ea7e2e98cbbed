import { useResource } from '../../../../components/use-resource';
import { useI18n } from '../../../../i18n/i18n';
import { LoadBlock } from '../../groups-parts';
import { allTopicsAt, isLevel, type SettingsDraft } from './settings-draft';
import { LEVELS, type Level, type TrainingClient } from './training-client';

/**
 * The main course's program: "all topics up to <level>" (the common case), or chosen topics each
 * with its own target level. The shortcut fills the chosen list with every topic at one level.
 */
export function ProgramEditor(props: { client: TrainingClient; draft: SettingsDraft; set: (patch: Partial<SettingsDraft>) => void; error: string | null }) {
  const { t } = useI18n();
  const d = props.draft;
  const topics = useResource(() => (d.programKind === 'topics' ? props.client.topics() : Promise.resolve({ topics: [] })), [d.programKind]);
  const levelOptions = LEVELS.map((level) => (
    <option key={level} value={level}>
      {t('training.program.upTo', { level: t(`catalog.level.${level}`) })}
    </option>
  ));
  return (
    <fieldset class="tg-fieldset tg-training-group" data-testid="training-program">
      <legend class="tg-label">{t('training.program.legend')}</legend>
      <label class="tg-radio">
        <input type="radio" name="training-program" checked={d.programKind === 'allTopicsUpTo'} data-testid="training-program-all" onChange={() => props.set({ programKind: 'allTopicsUpTo' })} />
        <span>{t('training.program.all')}</span>
        <select
          class="tg-input tg-select tg-inline-select"
          aria-label={t('training.program.allLevel')}
          value={d.programLevel}
          disabled={d.programKind !== 'allTopicsUpTo'}
          data-testid="training-program-level"
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            if (isLevel(value)) props.set({ programLevel: value });
          }}
        >
          {levelOptions}
        </select>
      </label>
      <label class="tg-radio">
        <input type="radio" name="training-program" checked={d.programKind === 'topics'} data-testid="training-program-topics" onChange={() => props.set({ programKind: 'topics' })} />
        <span>{t('training.program.topics')}</span>
      </label>
      {d.programKind === 'topics' &&
        (!topics.state.data ? (
          <LoadBlock resource={topics.state} reload={topics.reload} testId="training-topics" />
        ) : topics.state.data.topics.length === 0 ? (
          <p class="tg-muted">{t('training.program.noTopics')}</p>
        ) : (
          <div class="tg-program-topics">
            <p class="tg-field-hint">
              {t('training.program.shortcut')}{' '}
              {LEVELS.map((level) => (
                <button
                  key={level}
                  type="button"
                  class="tg-btn tg-btn-link"
                  data-testid={`training-shortcut-${level}`}
                  onClick={() => props.set({ programTopics: allTopicsAt(topics.state.data?.topics.map((topic) => topic.id) ?? [], level) })}
                >
                  {t(`catalog.level.${level}`)}
                </button>
              ))}
            </p>
            <table class="tg-table tg-program-table">
              <thead>
                <tr>
                  <th scope="col">{t('training.program.topic')}</th>
                  <th scope="col">{t('training.program.target')}</th>
                </tr>
              </thead>
              <tbody>
                {topics.state.data.topics.map((topic) => (
                  <tr key={topic.id}>
                    <th scope="row" class="tg-program-topic" id={`training-topic-${topic.id}`}>
                      {topic.name}
                    </th>
                    <td>
                      <select
                        class="tg-input tg-select"
                        aria-labelledby={`training-topic-${topic.id}`}
                        value={d.programTopics[String(topic.id)] ?? ''}
                        data-testid={`training-topic-level-${topic.id}`}
                        onChange={(e) => {
                          const value = (e.currentTarget as HTMLSelectElement).value;
                          const next: Record<string, Level> = { ...d.programTopics };
                          if (isLevel(value)) next[String(topic.id)] = value;
                          else delete next[String(topic.id)];
                          props.set({ programTopics: next });
                        }}
                      >
                        <option value="">{t('training.program.notIncluded')}</option>
                        {levelOptions}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {props.error && <p class="tg-field-error">{props.error}</p>}
    </fieldset>
  );
}
