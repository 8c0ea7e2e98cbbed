import { useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { Chip } from '../../catalog/view-parts';
import { groupsErrorText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import type { ContentKind, ContentRef, GroupCard } from '../groups-types';
import { SearchBox } from '../search-box';

/**
 * Attaching courses and standalone tests, picked from the catalog's manage lists (a unit's test
 * goes with its course). Attaching closes the item to everyone outside its groups.
 */
export function ContentPicker(props: { group: GroupCard; onChange: (content: ContentRef[]) => void; onClose: () => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const [kind, setKind] = useState<ContentKind>('course');
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const list = useResource(
    () =>
      kind === 'course'
        ? nav.client.manageCourses(search).then((r) => r.courses.map((c) => ({ id: c.id, title: c.title, hiddenFromExtranet: c.hiddenFromExtranet })))
        : nav.client.manageTests(search).then((r) => r.tests.map((x) => ({ id: x.id, title: x.title, hiddenFromExtranet: x.hiddenFromExtranet }))),
    [kind, search],
  );
  const attached = new Set(props.group.content.map((c) => `${c.kind}-${c.id}`));

  const attach = async (id: number, title: string) => {
    setBusy(`${kind}-${id}`);
    setMessage(null);
    try {
      const reply = await nav.client.attach(props.group.id, kind, id);
      props.onChange(reply.content);
      setMessage({ tone: 'ok', text: t('groups.content.attached', { title }) });
    } catch (e) {
      setMessage({ tone: 'error', text: groupsErrorText(t, e) });
    } finally {
      setBusy(null);
    }
  };

  const items = list.state.data ?? [];
  return (
    <div class="tg-panel-box" role="group" aria-labelledby="content-picker-title" data-testid="content-picker">
      <h4 class="tg-group-title" id="content-picker-title">
        {t('groups.content.pickerTitle')}
      </h4>
      <div class="tg-filters">
        <fieldset class="tg-fieldset tg-filter">
          <legend class="tg-label">{t('groups.content.kind')}</legend>
          <div class="tg-segmented">
            {(['course', 'test'] as const).map((k) => (
              <label key={k} class={`tg-segment${kind === k ? ' tg-segment-on' : ''}`} data-testid={`content-kind-${k}`}>
                <input type="radio" name="content-kind" checked={kind === k} onChange={() => setKind(k)} />
                {k === 'course' ? t('catalog.courses') : t('catalog.tests')}
              </label>
            ))}
          </div>
        </fieldset>
        <SearchBox label={t('groups.content.search')} value={search} onSearch={setSearch} testId="content-search" autoFocus />
      </div>
      {list.state.status === 'error' && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {groupsErrorText(t, list.state.error)}
        </p>
      )}
      {list.state.status === 'loading' && items.length === 0 && (
        <p class="tg-muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {list.state.status === 'ready' && items.length === 0 && <p class="tg-placeholder">{search ? t('groups.content.nothingFound') : t('groups.content.catalogEmpty')}</p>}
      {items.length > 0 && (
        <ul class="tg-list tg-picker-list" data-testid="content-options">
          {items.map((item) => {
            const key = `${kind}-${item.id}`;
            const isAttached = attached.has(key);
            return (
              <li class="tg-list-row" key={key} data-testid={`content-option-${key}`}>
                <span class="tg-list-main">
                  <span class="tg-list-name">{item.title}</span>
                </span>
                {item.hiddenFromExtranet && <Chip tone="warning">{t('catalog.hiddenFromExtranet')}</Chip>}
                {isAttached ? (
                  <Chip tone="success">{t('groups.content.isAttached')}</Chip>
                ) : (
                  <button
                    type="button"
                    class="tg-btn tg-btn-light tg-btn-sm"
                    data-testid={`content-attach-${key}`}
                    aria-label={t('groups.content.attachLabel', { title: item.title })}
                    aria-disabled={busy !== null ? 'true' : undefined}
                    onClick={() => busy === null && void attach(item.id, item.title)}
                  >
                    {busy === key ? t('groups.content.attaching') : t('groups.content.attachOne')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div role="status" aria-live="polite">
        {message && <p class={message.tone === 'ok' ? 'tg-alert tg-alert-success' : 'tg-alert tg-alert-danger'} data-testid="content-picker-message">{message.text}</p>}
      </div>
      <div class="tg-savebar">
        <button type="button" class="tg-btn tg-btn-light" data-testid="content-picker-close" onClick={props.onClose}>
          {t('groups.content.done')}
        </button>
      </div>
    </div>
  );
}
