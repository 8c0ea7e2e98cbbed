import 'uplot/dist/uPlot.min.css';
import './report.css';
import { useMemo, useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n, type Translate } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import { Chip, ViewHeading } from '../../catalog/view-parts';
import { groupsErrorText } from '../groups-format';
import { CardSection, Crumbs, LoadBlock } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { ReportChart } from './report-chart';
import { downloadCsv } from '../../../components/download';
import { reportClient, sortMembers, type AttentionReason, type MemberStatus, type ReportMember, type SortKey } from './report-client';

/**
 * A training group's report (issue 10 part 8): the chart of its progress over time, who needs
 * attention, every member's plan vs actual (sortable), and the CSV for Excel. A member's name opens
 * their own report. For admins and the group's managers; the server checks again.
 */

export const STATUS_TONE: Record<MemberStatus, 'muted' | 'topic' | 'warning' | 'success'> = { notStarted: 'muted', inProgress: 'topic', paused: 'warning', completed: 'success', stopped: 'muted' };
export const statusText = (t: Translate, status: MemberStatus) => t(`reports.status.${status}` as MessageKey);
const reasonText = (t: Translate, reason: AttentionReason) => t(`reports.reason.${reason}` as MessageKey);

const COLUMNS: Array<{ key: SortKey; label: MessageKey; numeric?: boolean }> = [
  { key: 'name', label: 'reports.col.name' },
  { key: 'status', label: 'reports.col.status' },
  { key: 'units', label: 'reports.col.units', numeric: true },
  { key: 'plannedEnd', label: 'reports.col.plannedEnd' },
  { key: 'estimatedEnd', label: 'reports.col.estimatedEnd' },
  { key: 'score', label: 'reports.col.score', numeric: true },
  { key: 'attempts', label: 'reports.col.attempts', numeric: true },
];

export function GroupReportPage(props: { groupId: number }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const client = useMemo(() => reportClient(nav.api), [nav.api]);
  const report = useResource(() => client.group(props.groupId), [props.groupId]);
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'name', ascending: true });
  const [csvError, setCsvError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const collator = useMemo(() => new Intl.Collator(lang), [lang]);
  const toCard = () => nav.go({ view: 'card', groupId: props.groupId });
  const back = { label: t('reports.groupCard'), onClick: toCard };
  const data = report.state.data;
  const members = useMemo(() => (data ? sortMembers(data.members, sort.key, sort.ascending, collator) : []), [data, sort, collator]);
  if (!data) return <LoadBlock resource={report.state} reload={report.reload} testId="group-report" back={back} />;

  const crumbs = (
    <Crumbs
      trail={[
        { label: t('nav.groups'), onClick: () => nav.go({ view: 'list' }), testId: 'crumb-groups' },
        { label: t('reports.groupCard'), onClick: toCard, testId: 'crumb-group' },
      ]}
      current={t('reports.title')}
    />
  );
  if (!data.launch) {
    return (
      <div class="tg-view tg-report" data-testid="group-report">
        {crumbs}
        <ViewHeading testId="report-title">{t('reports.title')}</ViewHeading>
        <p class="tg-empty" data-testid="report-not-launched">
          {t('reports.notLaunched')}
        </p>
      </div>
    );
  }

  const download = async () => {
    setDownloading(true);
    setCsvError(null);
    try {
      downloadCsv(`group-${props.groupId}-report-${data.today ?? ''}.csv`, await client.csv(props.groupId, lang));
    } catch (e) {
      setCsvError(t('reports.csvFailed', { error: groupsErrorText(t, e) }));
    } finally {
      setDownloading(false);
    }
  };
  const sortBy = (key: SortKey) => setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }));
  const openPerson = (personId: number) => nav.go({ view: 'report', groupId: props.groupId, personId });

  return (
    <div class="tg-view tg-report" data-testid="group-report">
      {crumbs}
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="report-title">{t('reports.title')}</ViewHeading>
          <p class="tg-muted tg-view-meta">{t('reports.since', { day: data.launch.startsOn, threshold: data.thresholdPercent ?? '', today: data.today ?? '', zone: data.launch.timeZone })}</p>
        </div>
        <div class="tg-view-actions">
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" disabled={downloading} data-testid="report-csv" onClick={() => void download()}>
            {t('reports.csv')}
          </button>
        </div>
      </div>
      {csvError && (
        <p class="tg-error" role="alert">
          {csvError}
        </p>
      )}

      <CardSection id="report-chart-title" testId="report-progress" title={t('reports.chart.title')}>
        <p class="tg-muted">{t('reports.chart.hint')}</p>
        <ReportChart weeks={data.weeks} />
      </CardSection>

      <CardSection id="report-attention-title" testId="report-attention" title={t('reports.attention.title')} count={data.attention.length > 0 ? String(data.attention.length) : undefined}>
        {data.attention.length === 0 ? (
          <p class="tg-muted">{t('reports.attention.none')}</p>
        ) : (
          <ul class="tg-report-attention">
            {data.attention.map((a) => (
              <li key={a.personId} data-testid="attention-person" data-person-id={a.personId}>
                <button type="button" class="tg-btn-link tg-link" onClick={() => openPerson(a.personId)}>
                  {a.name || `#${a.personId}`}
                </button>{' '}
                {a.reasons.map((r) => (
                  <Chip key={r} tone={r === 'notStarted' ? 'muted' : 'warning'}>
                    {reasonText(t, r)}
                  </Chip>
                ))}
              </li>
            ))}
          </ul>
        )}
      </CardSection>

      <CardSection id="report-members-title" testId="report-members" title={t('reports.members.title')} count={String(data.members.length)}>
        {data.members.length === 0 ? (
          <p class="tg-muted">{t('reports.noMembers')}</p>
        ) : (
          <table class="tg-table tg-report-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => {
                  const active = sort.key === c.key;
                  return (
                    <th key={c.key} scope="col" class={c.numeric ? 'tg-report-num' : undefined} aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
                      <button type="button" class="tg-report-sort" data-testid={`sort-${c.key}`} aria-label={t('reports.sortBy', { column: t(c.label) })} onClick={() => sortBy(c.key)}>
                        {t(c.label)}
                        <span aria-hidden="true" class="tg-report-arrow">
                          {active ? (sort.ascending ? '▲' : '▼') : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow key={m.personId} member={m} onOpen={() => openPerson(m.personId)} />
              ))}
            </tbody>
          </table>
        )}
      </CardSection>
    </div>
  );
}

function MemberRow(props: { member: ReportMember; onOpen: () => void }) {
  const { t } = useI18n();
  const m = props.member;
  return (
    <tr data-testid="report-member" data-person-id={m.personId} data-on-track={String(m.onTrack)}>
      <td>
        <button type="button" class="tg-btn-link tg-link" onClick={props.onOpen}>
          {m.name || `#${m.personId}`}
        </button>
      </td>
      <td>
        <span class="tg-chips">
          <Chip tone={STATUS_TONE[m.status]}>{statusText(t, m.status)}</Chip>
          {m.status !== 'stopped' && m.status !== 'completed' && (
            <Chip tone={m.onTrack ? 'success' : 'warning'} testId="member-track">
              {m.onTrack ? t('reports.onTrack') : t('reports.behind')}
            </Chip>
          )}
        </span>
      </td>
      <td class="tg-report-num">{`${m.unitsDone} / ${m.unitsPlanned}`}</td>
      <td class="tg-nowrap">{m.plannedEnd ?? '—'}</td>
      <td class="tg-nowrap">{m.estimatedEnd ?? '—'}</td>
      <td class="tg-report-num">{m.averageScore === null ? '—' : `${m.averageScore} %`}</td>
      <td class="tg-report-num">{m.attempts}</td>
    </tr>
  );
}
