import { useI18n } from '../../i18n/i18n';
import type { DryRunReply } from './grouping-rules-model';

/** What applying the rules would change: the counts, then per group, then who joins and who leaves. */
export function DryRunResult(props: { result: DryRunReply }) {
  const { t, lang } = useI18n();
  const r = props.result;
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
  const nothing = r.totals.joining === 0 && r.totals.leaving === 0;

  return (
    <div class="tg-rules-preview" data-testid="rules-dry-run" data-joining={r.totals.joining} data-leaving={r.totals.leaving}>
      <h3 class="tg-rules-subtitle">{t('rules.previewTitle')}</h3>
      {nothing ? (
        <p class="tg-muted" data-testid="rules-dry-run-nothing">
          {t('rules.nothingToDo')}
        </p>
      ) : (
        <>
          <p data-testid="rules-dry-run-summary">
            {t('rules.summary', { joining: number(r.totals.joining), leaving: number(r.totals.leaving), unmatched: number(r.totals.unmatched), people: number(r.totals.people) })}
          </p>
          <p class="tg-muted" data-testid="rules-dry-run-plans">
            {t('rules.plans', { count: number(r.plansRebuilt) })}
          </p>
          <table class="tg-rules-table" data-testid="rules-dry-run-groups">
            <caption class="tg-rules-caption">{t('rules.byGroup')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rules.group')}</th>
                <th scope="col" class="tg-rules-num">
                  {t('rules.joining')}
                </th>
                <th scope="col" class="tg-rules-num">
                  {t('rules.leaving')}
                </th>
              </tr>
            </thead>
            <tbody>
              {r.groups.map((g) => (
                <tr key={g.group.id} data-testid={`rules-dry-run-group-${g.group.id}`}>
                  <th scope="row">{g.group.name}</th>
                  <td class="tg-rules-num">{number(g.joining)}</td>
                  <td class="tg-rules-num">{number(g.leaving)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.joining.length > 0 && (
            <>
              <h4 class="tg-rules-list-title">{t('rules.joinList')}</h4>
              <ul class="tg-rules-people" data-testid="rules-dry-run-joining">
                {r.joining.map((j) => (
                  <li key={`${j.person.id}:${j.group.id}`} data-testid={`rules-join-${j.person.id}`}>
                    <span class="tg-rules-person">{j.person.name}</span> → {j.group.name}
                    {j.from && <span class="tg-muted tg-small"> ({t('rules.fromGroup', { name: j.from.name })})</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {r.leaving.length > 0 && (
            <>
              <h4 class="tg-rules-list-title">{t('rules.leaveList')}</h4>
              <ul class="tg-rules-people" data-testid="rules-dry-run-leaving">
                {r.leaving.map((l) => (
                  <li key={`${l.person.id}:${l.group.id}`} data-testid={`rules-leave-${l.person.id}`}>
                    <span class="tg-rules-person">{l.person.name}</span> ← {l.group.name}
                    <span class="tg-muted tg-small"> ({l.to ? t('rules.toGroup', { name: l.to.name }) : t('rules.noRuleAnyMore')})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {r.truncated && <p class="tg-muted tg-small">{t('rules.truncated')}</p>}
        </>
      )}
    </div>
  );
}
