import { useState } from 'preact/hooks';
import { ApiError, type ApiClient } from '../../api';
import { apiErrorText } from '../../components/api-error-text';
import { useI18n } from '../../i18n/i18n';

interface Person {
  userId: number;
  name: string;
  lastName?: string;
  position?: string;
}

/**
 * The fallback when Bitrix24's own picker cannot be used (the frame bridge failed): a search over
 * our mirror of the portal's people, GET /api/people?search= (empty until the first people import has
 * run). Says so plainly if the server has no such search.
 */
export function PeopleSearch(props: { api: ApiClient; onPick: (person: { id: number; name: string }) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [state, setState] = useState<{ status: 'idle' | 'searching' | 'unavailable' } | { status: 'done'; people: Person[] } | { status: 'error'; message: string }>({
    status: 'idle',
  });

  const search = async (event: Event) => {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    setState({ status: 'searching' });
    try {
      const reply = await props.api.get<{ people: Person[] }>(`/api/people?search=${encodeURIComponent(text)}`);
      setState({ status: 'done', people: reply.people ?? [] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.code === 'NOT_FOUND') setState({ status: 'unavailable' });
      else setState({ status: 'error', message: apiErrorText(t, error) });
    }
  };

  if (state.status === 'unavailable') {
    return (
      <p class="tg-muted" data-testid="people-search-unavailable">
        {t('settings.moderators.searchUnavailable')}
      </p>
    );
  }
  return (
    <div class="tg-search" data-testid="people-search">
      <form class="tg-search-form" onSubmit={search}>
        <label class="tg-label" for="people-search-input">
          {t('settings.moderators.searchLabel')}
        </label>
        <div class="tg-search-row">
          <input
            id="people-search-input"
            class="tg-input"
            type="search"
            value={query}
            placeholder={t('settings.moderators.searchPlaceholder')}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="tg-btn tg-btn-light" disabled={state.status === 'searching'}>
            {t('settings.moderators.searchLabel')}
          </button>
        </div>
      </form>
      {state.status === 'error' && (
        <p class="tg-error" role="alert" data-testid="people-search-error">
          {state.message}
        </p>
      )}
      {state.status === 'done' && state.people.length === 0 && (
        <p class="tg-muted" data-testid="people-search-empty">
          {t('settings.moderators.noMatches')}
        </p>
      )}
      {state.status === 'done' && state.people.length > 0 && (
        <ul class="tg-list" data-testid="people-search-results">
          {state.people.map((p) => {
            const name = [p.name, p.lastName].filter(Boolean).join(' ') || `#${p.userId}`;
            return (
              <li class="tg-list-row" key={p.userId} data-testid={`people-search-person-${p.userId}`}>
                <span class="tg-list-main">
                  <span class="tg-list-name">{name}</span>
                  {p.position && <span class="tg-muted tg-small">{p.position}</span>}
                </span>
                <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => props.onPick({ id: p.userId, name })}>
                  {t('settings.moderators.add')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
