import { useState } from 'preact/hooks';
import { useUnsavedChanges } from '../../../components/leave-guard';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import { Chip } from '../../catalog/view-parts';
import { countOf, groupsErrorText, joinMethodText } from '../groups-format';
import { Avatar } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { personName, type AddResult, type GroupCard } from '../groups-types';
import { SearchBox } from '../search-box';

const MAX = 100;

interface Chosen {
  userId: number;
  name: string;
  userType: string;
}

const OUTCOME: Record<string, { key: MessageKey; tone: 'success' | 'topic' | 'muted' | 'danger' }> = {
  added: { key: 'groups.add.outcome.added', tone: 'success' },
  invited: { key: 'groups.add.outcome.invited', tone: 'topic' },
  'already-member': { key: 'groups.add.outcome.alreadyMember', tone: 'muted' },
  'already-invited': { key: 'groups.add.outcome.alreadyInvited', tone: 'muted' },
  refused: { key: 'groups.add.outcome.refused', tone: 'danger' },
  'unknown-person': { key: 'groups.add.outcome.unknown', tone: 'danger' },
};

/**
 * "Add participants" over the app's mirror of the portal's people (extranet users included). The
 * method and its reason are said before anything is sent; the answer lists, per person, what happened.
 */
export function AddParticipants(props: { group: GroupCard; onClose: () => void; onSent: () => void }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Array<AddResult & { name: string }> | null>(null);
  const people = useResource(() => (search ? nav.client.people(search, 10) : Promise.resolve({ people: [] })), [search]);
  useUnsavedChanges(chosen.length > 0 && !busy);

  const method = joinMethodText(t, g.joinMethod);
  const adds = g.joinMethod.method === 'add';
  const isChosen = (userId: number) => chosen.some((c) => c.userId === userId);
  const toggle = (person: Chosen) => setChosen((list) => (list.some((c) => c.userId === person.userId) ? list.filter((c) => c.userId !== person.userId) : list.length >= MAX ? list : [...list, person]));

  const send = async () => {
    if (busy || chosen.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await nav.client.addParticipants(g.id, chosen.map((c) => c.userId));
      const names = new Map(chosen.map((c) => [c.userId, c.name]));
      setResults(reply.results.map((r) => ({ ...r, name: names.get(r.userId) ?? `#${r.userId}` })));
      setChosen([]);
      props.onSent();
    } catch (e) {
      setError(groupsErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const found = people.state.data?.people ?? [];
  return (
    <div class="tg-panel-box tg-add-people" role="group" aria-labelledby="add-people-title" data-testid="add-participants">
      <h4 class="tg-group-title" id="add-people-title">
        {adds ? t('groups.add.titleAdd') : t('groups.add.titleInvite')}
      </h4>
      <div class="tg-alert tg-alert-info tg-join-method" data-testid="add-method" data-method={g.joinMethod.method}>
        <p>
          {t('groups.join.label')} <strong>{method.title}</strong>
        </p>
        <p>{method.why}</p>
      </div>

      {results && (
        <div role="status" data-testid="add-results">
          <p class="tg-group-title">{t('groups.add.resultsTitle')}</p>
          <ul class="tg-list">
            {results.map((r) => {
              const outcome = OUTCOME[r.outcome] ?? { key: 'groups.add.outcome.other' as MessageKey, tone: 'muted' as const };
              return (
                <li class="tg-list-row" key={r.userId} data-testid={`add-result-${r.userId}`} data-outcome={r.outcome}>
                  <span class="tg-list-main">
                    <span class="tg-list-name">{r.name}</span>
                    {r.reason && <span class="tg-small tg-muted">{r.outcome === 'refused' ? t('groups.add.bitrixSaid', { reason: r.reason }) : r.reason}</span>}
                  </span>
                  <Chip tone={outcome.tone}>{t(outcome.key)}</Chip>
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <div class="tg-filters">
        <SearchBox label={t('groups.add.search')} placeholder={t('groups.add.searchPlaceholder')} value={search} onSearch={setSearch} testId="add-search" autoFocus />
      </div>
      {people.state.status === 'error' && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {groupsErrorText(t, people.state.error)}
        </p>
      )}
      {search && people.state.status === 'ready' && found.length === 0 && <p class="tg-muted" data-testid="add-nobody">{t('groups.add.nobody')}</p>}
      {found.length > 0 && (
        <ul class="tg-list tg-picker-list" data-testid="add-people-found">
          {found.map((p) => {
            const name = personName(p);
            const on = isChosen(p.userId);
            return (
              <li class="tg-list-row" key={p.userId} data-testid={`add-person-${p.userId}`}>
                <Avatar name={name} photoUrl={p.photoUrl} />
                <span class="tg-list-main">
                  <span class="tg-list-name">{name}</span>
                  {p.position && <span class="tg-muted tg-small">{p.position}</span>}
                </span>
                {p.userType === 'extranet' && <Chip tone="warning">{t('role.extranet')}</Chip>}
                <button
                  type="button"
                  class={`tg-btn tg-btn-sm ${on ? 'tg-btn-primary' : 'tg-btn-light'}`}
                  aria-pressed={on}
                  data-testid={`add-choose-${p.userId}`}
                  onClick={() => toggle({ userId: p.userId, name, userType: p.userType })}
                >
                  {on ? t('groups.add.chosen') : t('groups.add.choose')}
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {chosen.length > 0 && (
        <div data-testid="add-chosen">
          <p class="tg-label">{t('groups.add.chosenTitle', { n: countOf(t, lang, 'people', chosen.length) })}</p>
          <ul class="tg-token-list">
            {chosen.map((c) => (
              <li key={c.userId} class="tg-token">
                {c.name}
                <button type="button" class="tg-token-remove" aria-label={t('groups.add.unchoose', { name: c.name })} onClick={() => toggle(c)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="add-error">
          {error}
        </p>
      )}
      <div class="tg-savebar">
        <button type="button" class="tg-btn tg-btn-success" data-testid="add-send" aria-disabled={busy || chosen.length === 0 ? 'true' : undefined} onClick={() => void send()}>
          {busy
            ? t('groups.add.sending')
            : chosen.length === 0
              ? adds
                ? t('groups.add.titleAdd')
                : t('groups.add.titleInvite')
              : adds
              ? t('groups.add.sendAdd', { n: countOf(t, lang, 'people', chosen.length) })
              : t('groups.add.sendInvite', { n: countOf(t, lang, 'people', chosen.length) })}
        </button>
        <button type="button" class="tg-btn tg-btn-light" data-testid="add-close" onClick={props.onClose}>
          {results ? t('groups.content.done') : t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
