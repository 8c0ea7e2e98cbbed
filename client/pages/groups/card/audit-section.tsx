import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import { formatWhen } from '../../catalog/catalog-format';
import { Chip } from '../../catalog/view-parts';
import { auditLabel, groupsErrorText } from '../groups-format';
import { CardSection } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { personName, type AuditEntry, type GroupCard } from '../groups-types';

const PAGE = 20;

/** Every membership change of the group, newest first, a page at a time ("Show older"). */
export function AuditSection(props: { group: GroupCard; revision: number }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = async (before: number | null) => {
    setLoading(true);
    setError(null);
    try {
      const reply = await nav.client.audit(props.group.id, before, PAGE);
      setEntries((list) => (before === null ? reply.entries : [...list, ...reply.entries]));
      setNext(reply.nextBefore);
    } catch (e) {
      setError(groupsErrorText(t, e));
    } finally {
      setLoading(false);
    }
  };
  // A change on the card adds entries at the top: read the first page again.
  useEffect(() => {
    void load(null);
  }, [props.group.id, props.revision]);

  return (
    <CardSection id="group-audit-title" testId="group-audit" title={t('groups.audit.title')}>
      {error && (
        <div class="tg-alert tg-alert-danger" role="alert">
          <p>{error}</p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => void load(null)}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!loading && !error && entries.length === 0 && (
        <p class="tg-placeholder" data-testid="audit-empty">
          {t('groups.audit.empty')}
        </p>
      )}
      {entries.length > 0 && (
        <table class="tg-table tg-audit" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('groups.audit.when')}</th>
              <th scope="col">{t('groups.audit.person')}</th>
              <th scope="col">{t('groups.audit.action')}</th>
              <th scope="col">{t('groups.audit.by')}</th>
              <th scope="col">{t('groups.audit.how')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const action = auditLabel('action', e.action);
              const method = auditLabel('method', e.method);
              const source = auditLabel('source', e.source);
              return (
                <tr key={e.id} data-testid={`audit-${e.id}`} data-action={e.action}>
                  <td class="tg-nowrap">{formatWhen(lang, e.at)}</td>
                  <td>{personName(e.person)}</td>
                  <td>
                    {action ? t(action) : e.action}
                    {e.result === 'refused' && (
                      <>
                        {' '}
                        <Chip tone="danger">{t('groups.audit.refused')}</Chip>
                      </>
                    )}
                    {e.detail && <span class="tg-muted tg-small tg-block">{e.detail}</span>}
                  </td>
                  <td>{e.actor ? personName(e.actor) : <span class="tg-muted">{t('groups.audit.bySync')}</span>}</td>
                  <td class="tg-small">
                    {method ? t(method) : e.method}
                    {source && <span class="tg-muted tg-block">{t(source)}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {loading && (
        <p class="tg-muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {next !== null && !loading && (
        <div class="tg-actions tg-actions-center">
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="audit-more" onClick={() => void load(next)}>
            {t('groups.audit.older')}
          </button>
        </div>
      )}
    </CardSection>
  );
}
