import { useMemo } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { Chip, ViewHeading } from '../../catalog/view-parts';
import { CardSection, Crumbs, LoadBlock } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { PersonHistory } from './person-history';
import { reportClient } from './report-client';
import { STATUS_TONE, statusText } from './report-page';

/** One member's report (issue 10 part 8): their plan unit by unit, every test attempt, their results, their history in the group. */
export function PersonReportPage(props: { groupId: number; personId: number }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const client = useMemo(() => reportClient(nav.api), [nav.api]);
  const report = useResource(() => client.person(props.groupId, props.personId), [props.groupId, props.personId]);
  const toReport = () => nav.go({ view: 'report', groupId: props.groupId });
  const data = report.state.data;
  if (!data) return <LoadBlock resource={report.state} reload={report.reload} testId="person-report" back={{ label: t('reports.person.back'), onClick: toReport }} />;
  const m = data.member;
  const name = m.name || `#${m.personId}`;
  const unknown = t('reports.person.unknown');

  return (
    <div class="tg-view tg-report" data-testid="person-report" data-person-id={m.personId}>
      <Crumbs
        trail={[
          { label: t('nav.groups'), onClick: () => nav.go({ view: 'list' }), testId: 'crumb-groups' },
          { label: t('reports.groupCard'), onClick: () => nav.go({ view: 'card', groupId: props.groupId }), testId: 'crumb-group' },
          { label: t('reports.person.back'), onClick: toReport, testId: 'crumb-report' },
        ]}
        current={name}
      />
      <ViewHeading testId="person-name">{name}</ViewHeading>
      <p class="tg-chips tg-view-meta">
        <Chip tone={STATUS_TONE[m.status]}>{statusText(t, m.status)}</Chip>
        {m.status !== 'stopped' && m.status !== 'completed' && <Chip tone={m.onTrack ? 'success' : 'warning'}>{m.onTrack ? t('reports.onTrack') : t('reports.behind')}</Chip>}
        <span class="tg-muted">
          {t('reports.person.facts', {
            start: data.startsOn,
            minutes: data.minutesPerWeek ?? t('reports.person.noPace'),
            end: m.plannedEnd ?? unknown,
            estimated: m.estimatedEnd ?? unknown,
          })}
        </span>
      </p>

      <CardSection id="person-plan-title" testId="person-plan" title={t('reports.person.plan')} count={t('reports.unitsOf', { done: m.unitsDone, total: m.unitsTotal })}>
        <table class="tg-table tg-report-table">
          <thead>
            <tr>
              <th scope="col">{t('reports.person.unit')}</th>
              <th scope="col">{t('reports.person.opens')}</th>
              <th scope="col">{t('reports.person.due')}</th>
              <th scope="col" class="tg-report-num">{t('reports.person.lessons')}</th>
              <th scope="col" class="tg-report-num">{t('reports.person.best')}</th>
              <th scope="col">{t('reports.person.result')}</th>
              <th scope="col">{t('reportsCredit.passedOn')}</th>
            </tr>
          </thead>
          <tbody>
            {data.units.map((u) => (
              <tr key={u.unitId} data-testid="person-unit" data-credited={String(u.credited)}>
                <td>{u.title}</td>
                <td class="tg-nowrap">{u.opensOn ?? unknown}</td>
                <td class="tg-nowrap">{u.dueOn ?? unknown}</td>
                <td class="tg-report-num">{`${u.lessonsDone} / ${u.lessons}`}</td>
                <td class="tg-report-num">{u.bestScore === null ? unknown : `${u.bestScore} %`}</td>
                <td>
                  <span class="tg-chips">
                    <Chip tone={u.passed ? 'success' : 'muted'}>{u.passed ? t('reports.person.passed') : t('reports.person.notPassed')}</Chip>
                    {u.credited && (
                      <Chip tone="topic" title={t('reportsCredit.hint')}>
                        {t('reportsCredit.credited')}
                      </Chip>
                    )}
                  </span>
                </td>
                <td class="tg-nowrap">{u.passedOn ?? unknown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardSection>

      <CardSection id="person-attempts-title" testId="person-attempts" title={t('reports.person.history')} count={String(data.attempts.length)}>
        {data.attempts.length === 0 ? (
          <p class="tg-muted">{t('reports.person.noAttempts')}</p>
        ) : (
          <table class="tg-table tg-report-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.person.when')}</th>
                <th scope="col">{t('reports.person.unit')}</th>
                <th scope="col" class="tg-report-num">{t('reports.person.attempt')}</th>
                <th scope="col" class="tg-report-num">{t('reports.person.score')}</th>
                <th scope="col">{t('reports.person.result')}</th>
              </tr>
            </thead>
            <tbody>
              {data.attempts.map((a) => (
                <tr key={`${a.unitId}:${a.number}`} data-testid="person-attempt">
                  <td class="tg-nowrap">{a.submittedOn}</td>
                  <td>{a.title}</td>
                  <td class="tg-report-num">{a.number}</td>
                  <td class="tg-report-num">{`${a.score} %`}</td>
                  <td>
                    <Chip tone={a.passed ? 'success' : 'warning'}>{a.passed ? t('reports.person.passed') : t('reports.person.below')}</Chip>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardSection>

      <PersonHistory t={t} history={data.history} />
    </div>
  );
}
