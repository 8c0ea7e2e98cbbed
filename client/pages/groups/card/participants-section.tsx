import { useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { formatWhen } from '../../catalog/catalog-format';
import { Chip } from '../../catalog/view-parts';
import { groupsErrorText } from '../groups-format';
import { Avatar, CardSection, PortalLink } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { personName, type GroupCard, type Participant } from '../groups-types';
import { SearchBox } from '../search-box';
import { AddParticipants } from './add-participants';
import { RowConfirm, useRowAction } from './row-confirm';

const PAGE = 50;

const ROLE_LABEL = { A: 'groups.people.roleOwner', E: 'groups.people.roleModerator', K: 'groups.people.roleMember' } as const;
const SOURCE_LABEL = { manual: 'groups.people.sourceManual', workgroup: 'groups.people.sourceWorkgroup', invitation: 'groups.people.sourceInvitation', rule: 'groups.people.sourceRule' } as const;

/**
 * Who is in the group now (or was: "Former"), found by name, with "Add participants" and "Remove",
 * or the reason removing is not for this caller.
 */
export function ParticipantsSection(props: { group: GroupCard; revision: number; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const [state, setState] = useState<'active' | 'ended'>('active');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [adding, setAdding] = useState(false);
  const list = useResource(() => nav.client.participants(g.id, { state, q: search, limit, offset: 0 }), [g.id, state, search, limit, props.revision]);
  const data = list.state.data;
  const canRemove = g.rights.removeParticipants && g.joinMethod.canRemove;

  const remove = useRowAction(async (person: Participant) => {
    await nav.client.removeParticipant(g.id, person.userId);
    props.onChanged();
  });

  return (
    <CardSection
      id="group-participants-title"
      testId="group-participants"
      title={t('groups.people.title')}
      count={String(g.counts.active)}
      opener={g.rights.addParticipants && !adding ? { label: t('groups.people.add'), testId: 'participants-add-open', onOpen: () => setAdding(true), primary: true } : null}
    >
      {adding && <AddParticipants group={g} onClose={() => setAdding(false)} onSent={props.onChanged} />}
      {!g.joinMethod.canRemove && g.joinMethod.removeRefusal === 'linked-admins-only' && (
        <p class="tg-alert tg-alert-info" data-testid="participants-remove-refusal">
          {t('groups.people.removeAdminsOnly')}{' '}
          {g.workgroup && (
            <PortalLink url={g.workgroup.url} testId="participants-open-workgroup">
              {t('groups.people.openWorkgroup')}
            </PortalLink>
          )}
        </p>
      )}
      {g.workgroup?.state === 'linked' && <p class="tg-muted tg-small tg-intro">{t('groups.people.mirrored')}</p>}
      <div class="tg-filters">
        <fieldset class="tg-fieldset tg-filter">
          <legend class="tg-label">{t('groups.people.show')}</legend>
          <div class="tg-segmented">
            {(['active', 'ended'] as const).map((s) => (
              <label key={s} class={`tg-segment${state === s ? ' tg-segment-on' : ''}`} data-testid={`participants-state-${s}`}>
                <input
                  type="radio"
                  name="participants-state"
                  checked={state === s}
                  onChange={() => {
                    setState(s);
                    setLimit(PAGE);
                  }}
                />
                {s === 'active' ? t('groups.people.current') : t('groups.people.former')}
              </label>
            ))}
          </div>
        </fieldset>
        <SearchBox
          label={t('groups.people.search')}
          value={search}
          onSearch={(text) => {
            setSearch(text);
            setLimit(PAGE);
          }}
          testId="participants-search"
        />
      </div>
      {list.state.status === 'error' && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {groupsErrorText(t, list.state.error)}
        </p>
      )}
      {data === null && list.state.status === 'loading' && (
        <p class="tg-muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {data && data.participants.length === 0 && (
        <p class="tg-placeholder" data-testid="participants-empty">
          {search ? t('groups.people.nothingFound') : state === 'active' ? t('groups.people.empty') : t('groups.people.noFormer')}
        </p>
      )}
      {data && data.participants.length > 0 && (
        <ul class="tg-list" data-testid="participants-list" aria-busy={list.state.status === 'loading'}>
          {data.participants.map((p) => {
            const name = personName(p);
            const role = p.workgroupRole && p.workgroupRole in ROLE_LABEL ? ROLE_LABEL[p.workgroupRole as keyof typeof ROLE_LABEL] : null;
            const source = p.source in SOURCE_LABEL ? SOURCE_LABEL[p.source as keyof typeof SOURCE_LABEL] : null;
            return (
              <li class="tg-list-row" key={p.userId} data-testid={`participant-${p.userId}`}>
                <Avatar name={name} photoUrl={p.photoUrl} />
                <span class="tg-list-main">
                  <span class="tg-list-name">{name}</span>
                  <span class="tg-muted tg-small">
                    {[p.position, p.joinedAt ? t('groups.people.joined', { when: formatWhen(lang, p.joinedAt) }) : null, p.leftAt ? t('groups.people.left', { when: formatWhen(lang, p.leftAt) }) : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
                <span class="tg-chips">
                  {p.userType === 'extranet' && <Chip tone="warning">{t('role.extranet')}</Chip>}
                  {role && <Chip tone="topic">{t(role)}</Chip>}
                  {source && <Chip>{t(source)}</Chip>}
                  {p.active === false && <Chip tone="danger">{t('groups.people.inactive')}</Chip>}
                </span>
                {state === 'active' && canRemove && remove.target?.userId !== p.userId && (
                  <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`participant-remove-${p.userId}`} aria-label={t('groups.people.removeLabel', { name })} onClick={() => remove.ask(p)}>
                    {t('groups.people.remove')}
                  </button>
                )}
                {remove.target?.userId === p.userId && (
                  <RowConfirm action={remove} item={p} testId="participant-remove-confirm" title={t('groups.people.removeTitle', { name })} confirmLabel={t('groups.people.remove')}>
                    <p>{g.workgroup?.state === 'linked' ? t('groups.people.removeLinkedText') : t('groups.people.removeText')}</p>
                  </RowConfirm>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {data && data.participants.length < data.total && (
        <div class="tg-actions tg-actions-center">
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="participants-more" onClick={() => setLimit((n) => n + PAGE)}>
            {t('groups.showMore', { shown: data.participants.length, total: data.total })}
          </button>
        </div>
      )}
    </CardSection>
  );
}
