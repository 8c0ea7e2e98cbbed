import { EmptyState } from '../../../components/empty-state';
import type { Translate } from '../../../i18n/i18n';
import { Chip } from '../../catalog/view-parts';
import { CardSection } from '../groups-parts';
import type { HistoryEntry } from './report-client';

/** What one history entry says, in the viewer's language. Pure. */
export function historyText(t: Translate, entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'movedIn':
    case 'movedOut':
      return t(entry.kind === 'movedIn' ? 'reportsHistory.movedIn' : 'reportsHistory.movedOut', { group: entry.otherGroup?.name ?? '?' });
    default:
      return t(`reportsHistory.${entry.kind}`);
  }
}

/**
 * The person's history in the group, newest first (server/training/person-history.ts): what
 * happened on which day (the group's zone, as the rest of the report), to the whole group or to them
 * alone, and who did it when that is recorded.
 */
export function PersonHistory(props: { t: Translate; history: HistoryEntry[] }) {
  const { t, history } = props;
  return (
    <CardSection id="person-history-title" testId="person-history" title={t('reportsHistory.title')} count={String(history.length)}>
      {history.length === 0 ? (
        <EmptyState title={t('reportsHistory.empty')} hint={t('reportsHistory.emptyHint')} testId="person-history-empty" />
      ) : (
        <table class="tg-table tg-report-table">
          <thead>
            <tr>
              <th scope="col">{t('reportsHistory.day')}</th>
              <th scope="col">{t('reportsHistory.what')}</th>
              <th scope="col">{t('reportsHistory.who')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((e, i) => (
              <tr key={`${e.at}:${e.kind}:${i}`} data-testid="person-history-entry" data-kind={e.kind} data-scope={e.scope}>
                <td class="tg-nowrap">{e.on}</td>
                <td>
                  <span class="tg-chips">
                    {historyText(t, e)}
                    {e.scope === 'group' && <Chip tone="muted">{t('reportsHistory.wholeGroup')}</Chip>}
                  </span>
                </td>
                <td>{e.actorId === null ? <span class="tg-muted">{t('reportsHistory.nobody')}</span> : e.actorName || `#${e.actorId}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </CardSection>
  );
}
