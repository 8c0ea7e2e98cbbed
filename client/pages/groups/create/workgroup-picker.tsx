import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import { Chip } from '../../catalog/view-parts';
import { groupsErrorText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import type { PickerWorkgroup } from '../groups-types';
import { SearchBox } from '../search-box';

type Load = { status: 'loading'; more: boolean } | { status: 'ready' } | { status: 'error'; message: string };

/**
 * "Select" -> a searchable list of the workgroups the caller may create a training group from
 * (Bitrix24 decides: an admin sees every workgroup, page by page; anyone else only those they own
 * or moderate) -> "Add". A workgroup that already has a training group cannot be chosen again.
 */
export function WorkgroupPicker(props: { onAdd: (workgroup: PickerWorkgroup) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<PickerWorkgroup[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading', more: false });
  const [chosen, setChosen] = useState<number | null>(null);
  const ticket = useRef(0);

  const fetchPage = async (q: string, start: number) => {
    const mine = ++ticket.current;
    setLoad({ status: 'loading', more: start > 0 });
    try {
      const reply = await nav.client.workgroups({ q, start });
      if (mine !== ticket.current) return;
      setItems((before) => (start === 0 ? reply.workgroups : [...before, ...reply.workgroups]));
      setNext(reply.next);
      setLoad({ status: 'ready' });
    } catch (error) {
      if (mine === ticket.current) setLoad({ status: 'error', message: groupsErrorText(t, error) });
    }
  };
  useEffect(() => {
    setChosen(null);
    void fetchPage(search, 0);
  }, [search]);
  useEffect(
    () => () => {
      ticket.current += 1;
    },
    [],
  );

  const picked = items.find((w) => w.id === chosen) ?? null;
  return (
    <div class="tg-panel-box tg-wg-picker" role="group" aria-labelledby="wg-picker-title" data-testid="workgroup-picker">
      <h3 class="tg-group-title" id="wg-picker-title">
        {t('groups.picker.title')}
      </h3>
      <p class="tg-muted tg-intro">{nav.role === 'admin' ? t('groups.picker.introAdmin') : t('groups.picker.introModerator')}</p>
      <div class="tg-filters">
        <SearchBox label={t('groups.picker.search')} value={search} onSearch={setSearch} testId="workgroup-search" autoFocus />
      </div>
      {load.status === 'error' && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="workgroup-picker-error">
          <p>{load.message}</p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => void fetchPage(search, 0)}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {load.status === 'loading' && !load.more && (
        <p class="tg-muted" role="status">
          {t('groups.picker.loading')}
        </p>
      )}
      {load.status === 'ready' && items.length === 0 && (
        <p class="tg-placeholder" data-testid="workgroup-picker-empty">
          {search ? t('groups.picker.nothingFound') : nav.role === 'admin' ? t('groups.picker.noneAdmin') : t('groups.picker.noneModerator')}
        </p>
      )}
      {items.length > 0 && (
        <fieldset class="tg-fieldset">
          <legend class="tg-sr-only">{t('groups.picker.title')}</legend>
          <ul class="tg-wg-options" data-testid="workgroup-options">
            {items.map((w) => {
              const taken = w.linkedGroupId !== null;
              return (
                <li key={w.id}>
                  <label class={`tg-option tg-wg-option${chosen === w.id ? ' tg-option-on' : ''}${taken ? ' tg-option-taken' : ''}`} data-testid={`workgroup-option-${w.id}`}>
                    <input type="radio" name="workgroup" value={w.id} checked={chosen === w.id} disabled={taken} onChange={() => setChosen(w.id)} />
                    <span class="tg-list-main">
                      <span class="tg-list-name">{w.name}</span>
                      {w.description && <span class="tg-muted tg-small tg-clamp">{w.description}</span>}
                    </span>
                    <span class="tg-chips">
                      {w.role === 'A' && <Chip tone="topic">{t('groups.picker.owner')}</Chip>}
                      {w.role === 'E' && <Chip tone="topic">{t('groups.picker.moderator')}</Chip>}
                      {w.isExtranet && <Chip tone="warning">{t('groups.extranet')}</Chip>}
                      {w.membersCount !== null && <Chip>{t('groups.picker.members', { n: w.membersCount })}</Chip>}
                      {taken && <Chip tone="danger">{t('groups.picker.taken')}</Chip>}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {next !== null && (
        <div class="tg-actions tg-actions-center">
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="workgroup-more" aria-disabled={load.status === 'loading' ? 'true' : undefined} onClick={() => load.status !== 'loading' && void fetchPage(search, next)}>
            {load.status === 'loading' ? t('groups.picker.loading') : t('groups.picker.more')}
          </button>
        </div>
      )}
      <div class="tg-savebar">
        <button type="button" class="tg-btn tg-btn-primary" data-testid="workgroup-add" disabled={!picked} onClick={() => picked && props.onAdd(picked)}>
          {t('groups.picker.add')}
        </button>
        <button type="button" class="tg-btn tg-btn-light" data-testid="workgroup-cancel" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
