import { useI18n } from '../../../i18n/i18n';
import { Chip } from '../../catalog/view-parts';
import { countOf, WINDOW_STATE, windowText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import type { GroupSummary } from '../groups-types';

/**
 * Whether the row has a box to choose the group for launching: null, no column at all (nothing in
 * the list can be chosen); `checked` null, an empty cell (this group is not the caller's to launch).
 */
export interface RowChoice {
  checked: boolean | null;
  onToggle: (on: boolean) => void;
}

/** One group in the list: its box to choose it, its name (opens the card), access window, counts and workgroup. */
export function GroupRow(props: { group: GroupSummary; choice: RowChoice | null }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const tone = g.window === 'open' ? 'success' : g.window === 'before' ? 'topic' : 'muted';
  return (
    <li class="tg-list-row tg-group-row" data-testid={`group-row-${g.id}`}>
      {props.choice && (
        <span class="tg-group-choose">
          {props.choice.checked !== null && (
            <input
              type="checkbox"
              checked={props.choice.checked}
              aria-label={t('groups.launch.choose', { name: g.name })}
              data-testid={`group-choose-${g.id}`}
              onChange={(e) => props.choice?.onToggle((e.currentTarget as HTMLInputElement).checked)}
            />
          )}
        </span>
      )}
      <span class="tg-list-main">
        <button type="button" class="tg-row-link tg-group-row-name" data-testid={`group-open-${g.id}`} onClick={() => nav.go({ view: 'card', groupId: g.id })}>
          {g.name}
        </button>
        <span class="tg-muted tg-small">
          {windowText(t, lang, g.accessStartsOn, g.accessEndsOn)} · {countOf(t, lang, 'participants', g.counts.active)}
          {g.counts.invited > 0 && ` · ${countOf(t, lang, 'invited', g.counts.invited)}`} · {countOf(t, lang, 'items', g.counts.content)}
        </span>
      </span>
      <span class="tg-chips">
        <Chip tone={tone}>{t(WINDOW_STATE[g.window] ?? 'groups.window.state.open')}</Chip>
        {g.isExtranet && <Chip tone="warning">{t('groups.extranet')}</Chip>}
        {g.workgroup?.state === 'linked' && <Chip tone="topic" title={g.workgroup.name}>{t('groups.linkedTo', { name: g.workgroup.name })}</Chip>}
        {g.workgroup?.state === 'unlinked-by-bitrix24' && <Chip tone="danger">{t('groups.unlinkedByBitrix24Short')}</Chip>}
      </span>
    </li>
  );
}
