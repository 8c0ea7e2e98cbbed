import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import { apiErrorText } from '../../components/api-error-text';
import { JobProgress } from '../../components/job-progress';
import { useI18n } from '../../i18n/i18n';
import { isJobFinished, useJobProgress } from '../../jobs';
import { DryRunResult } from './dry-run-result';
import { conditionText, draftOf, emptyDraft, moved, type DryRunReply, type Rule, type RulesReply } from './grouping-rules-model';
import { RuleForm } from './rule-form';
import './grouping-rules.css';

const BASE = '/api/settings/grouping-rules';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: RulesReply };
/** A preview belongs to the rules as they were: `forChange` is the change counter it was made at. */
type Preview = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; result: DryRunReply; forChange: number };

/** Admin settings: the ordered grouping rules, a dry run before applying them, and the ONUSERADD switch. */
export function GroupingRules(props: { api: ApiClient }) {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<'new' | number | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState<number | null>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [changes, setChanges] = useState(0);
  const [preview, setPreview] = useState<Preview>({ status: 'idle' });
  const [newUsers, setNewUsers] = useState<{ status: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>({ status: 'idle' });
  /** The switch as the admin set it, while it is being saved (null: as stored). */
  const [newUsersWanted, setNewUsersWanted] = useState<boolean | null>(null);
  const [applyJobId, setApplyJobId] = useState<number | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);
  const root = useRef<HTMLElement>(null);
  const progress = useJobProgress(props.api, applyJobId);
  const job = progress.job;

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    props.api.get<RulesReply>(BASE).then(
      (data) => live && setLoad({ status: 'ready', data }),
      (error: unknown) => live && setLoad({ status: 'error', message: apiErrorText(t, error) }),
    );
    return () => {
      live = false;
    };
  }, [props.api, attempt]);

  // Applied: what the preview showed is done; the next preview starts from the new memberships.
  const applied = job?.state === 'done' ? job.id : null;
  useEffect(() => {
    if (applied !== null) setPreview({ status: 'idle' });
  }, [applied]);

  const focusLater = (testId: string) => setTimeout(() => root.current?.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(), 0);

  /** Sends a change of the rules; the answer is the whole list as stored. */
  const change = async (send: () => Promise<RulesReply>): Promise<boolean> => {
    setChangeError(null);
    try {
      const data = await send();
      setLoad({ status: 'ready', data });
      setChanges((n) => n + 1);
      return true;
    } catch (error) {
      setChangeError(apiErrorText(t, error));
      return false;
    }
  };

  const move = async (rules: Rule[], index: number, delta: -1 | 1) => {
    const ids = moved(rules.map((r) => r.id), index, delta);
    if (!ids) return;
    const rule = rules[index]!;
    if (await change(() => props.api.put<RulesReply>(`${BASE}/order`, { ruleIds: ids }))) {
      setAnnounce(t('rules.moved', { n: index + delta + 1 }));
      // The keyboard stays on the rule it moved; at an end of the list, on the button still usable.
      const atEnd = index + delta === 0 || index + delta === rules.length - 1;
      focusLater(atEnd ? `rule-${delta < 0 ? 'down' : 'up'}-${rule.id}` : `rule-${delta < 0 ? 'up' : 'down'}-${rule.id}`);
    }
  };

  const remove = async (rule: Rule) => {
    setConfirmingDelete(null);
    if (await change(() => props.api.delete<RulesReply>(`${BASE}/${rule.id}`))) focusLater('rules-add');
  };

  const save = async (body: object) => {
    const target = editing;
    // A refusal is thrown to the form, which says it next to its field.
    const data = target === 'new' ? await props.api.post<RulesReply>(BASE, body) : await props.api.put<RulesReply>(`${BASE}/${target}`, body);
    setLoad({ status: 'ready', data });
    setChanges((n) => n + 1);
    setEditing(null);
    focusLater(target === 'new' ? 'rules-add' : `rule-edit-${target}`);
  };

  const switchNewUsers = async (on: boolean) => {
    setNewUsers({ status: 'saving' });
    setNewUsersWanted(on);
    try {
      const data = await props.api.put<RulesReply>(`${BASE}/new-users`, { applyToNewUsers: on });
      setLoad({ status: 'ready', data });
      setNewUsers({ status: 'saved' });
    } catch (error) {
      // Back to what is stored, and say why.
      setNewUsers({ status: 'error', message: apiErrorText(t, error) });
    } finally {
      setNewUsersWanted(null);
    }
  };

  const runPreview = async () => {
    setPreview({ status: 'loading' });
    setApplyError(null);
    try {
      const result = await props.api.post<DryRunReply>(`${BASE}/dry-run`);
      setPreview({ status: 'ready', result, forChange: changes });
    } catch (error) {
      setPreview({ status: 'error', message: apiErrorText(t, error) });
    }
  };

  const apply = async () => {
    setApplyError(null);
    try {
      const reply = await props.api.post<{ jobId: number }>(`${BASE}/apply`);
      setApplyJobId(reply.jobId);
    } catch (error) {
      setApplyError(apiErrorText(t, error));
    }
  };

  const applying = applyJobId !== null && (progress.polling || (job !== null && !isJobFinished(job.state)));
  const data = load.status === 'ready' ? load.data : null;
  const stale = preview.status === 'ready' && preview.forChange !== changes;
  const canApply = preview.status === 'ready' && !stale && (preview.result.totals.joining > 0 || preview.result.totals.leaving > 0) && !applying;

  return (
    <section ref={root} class="tg-section" aria-labelledby="rules-title" data-testid="grouping-rules">
      <h2 class="tg-section-title" id="rules-title">
        {t('rules.title')}
      </h2>
      <p class="tg-muted tg-intro">{t('rules.intro')}</p>

      {load.status === 'loading' && (
        <p class="tg-muted" role="status">
          {t('rules.loading')}
        </p>
      )}
      {load.status === 'error' && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="rules-load-error">
          <p>
            {t('rules.loadFailed')} {load.message}
          </p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {data && (
        <>
          {data.rules.length === 0 ? (
            <p class="tg-placeholder" data-testid="rules-empty">
              {t('rules.empty')}
            </p>
          ) : (
            <>
              <ol class="tg-list tg-rules-list" aria-label={t('rules.listLabel')} aria-describedby="rules-move-hint" data-testid="rules-list">
                {data.rules.map((rule, index) => (
                  <li
                    key={rule.id}
                    class="tg-list-row"
                    data-testid={`rule-${rule.id}`}
                    data-position={index + 1}
                    onKeyDown={(event) => {
                      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
                      event.preventDefault();
                      void move(data.rules, index, event.key === 'ArrowUp' ? -1 : 1);
                    }}
                  >
                    <span class="tg-rules-number" aria-hidden="true">
                      {index + 1}
                    </span>
                    <span class="tg-list-main">
                      <span class="tg-list-name" data-testid={`rule-text-${rule.id}`}>
                        {conditionText(t, rule.condition, data.departments)} <span class="tg-muted">{t('rules.then')}</span> <strong>{rule.groupName ?? `#${rule.groupId}`}</strong>
                      </span>
                      {!rule.enabled && <span class="tg-small tg-muted">{t('rules.disabled')}</span>}
                      {rule.condition.kind === 'emailDomain' && !data.emailsKnown && <span class="tg-small tg-warn-text">{t('rules.noEmails')}</span>}
                      {rule.skipped && <span class="tg-small tg-warn-text">{t(rule.skipped === 'group-deleted' ? 'rules.skipped.group-deleted' : 'rules.skipped.group-linked')}</span>}
                    </span>
                    {confirmingDelete === rule.id ? (
                      <span
                        class="tg-confirm"
                        role="group"
                        aria-label={t('rules.deleteConfirm', { n: index + 1 })}
                        data-testid={`rule-confirm-${rule.id}`}
                        onKeyDown={(event) => {
                          if (event.key !== 'Escape') return;
                          event.stopPropagation();
                          setConfirmingDelete(null);
                          focusLater(`rule-delete-${rule.id}`);
                        }}
                      >
                        <span class="tg-confirm-text">{t('rules.deleteConfirm', { n: index + 1 })}</span>
                        <button type="button" class="tg-btn tg-btn-danger tg-btn-sm" data-testid={`rule-delete-yes-${rule.id}`} onClick={() => void remove(rule)}>
                          {t('rules.deleteYes')}
                        </button>
                        <button
                          type="button"
                          class="tg-btn tg-btn-light tg-btn-sm"
                          onClick={() => {
                            setConfirmingDelete(null);
                            focusLater(`rule-delete-${rule.id}`);
                          }}
                        >
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <span class="tg-rules-actions">
                        <button type="button" class="tg-btn tg-btn-light tg-btn-sm" aria-label={t('rules.moveUpLabel', { n: index + 1 })} title={t('rules.moveUp')} data-testid={`rule-up-${rule.id}`} disabled={index === 0} onClick={() => void move(data.rules, index, -1)}>
                          ↑
                        </button>
                        <button
                          type="button"
                          class="tg-btn tg-btn-light tg-btn-sm"
                          aria-label={t('rules.moveDownLabel', { n: index + 1 })}
                          title={t('rules.moveDown')}
                          data-testid={`rule-down-${rule.id}`}
                          disabled={index === data.rules.length - 1}
                          onClick={() => void move(data.rules, index, 1)}
                        >
                          ↓
                        </button>
                        <button type="button" class="tg-btn tg-btn-link" aria-label={t('rules.editLabel', { n: index + 1 })} data-testid={`rule-edit-${rule.id}`} onClick={() => setEditing(rule.id)}>
                          {t('rules.edit')}
                        </button>
                        <button type="button" class="tg-btn tg-btn-link" aria-label={t('rules.deleteLabel', { n: index + 1 })} data-testid={`rule-delete-${rule.id}`} onClick={() => {
                            setConfirmingDelete(rule.id);
                            focusLater(`rule-delete-yes-${rule.id}`);
                          }}
                        >
                          {t('rules.delete')}
                        </button>
                      </span>
                    )}
                    {editing === rule.id && (
                      <RuleForm
                        title={t('rules.form.editTitle', { n: index + 1 })}
                        initial={draftOf(rule)}
                        departments={data.departments}
                        groups={data.groups}
                        emailsKnown={data.emailsKnown}
                        onSave={save}
                        onCancel={() => {
                          setEditing(null);
                          focusLater(`rule-edit-${rule.id}`);
                        }}
                      />
                    )}
                  </li>
                ))}
              </ol>
              <p class="tg-muted tg-small" id="rules-move-hint">
                {t('rules.moveHint')}
              </p>
            </>
          )}
          <p class="tg-sr-only" role="status" aria-live="polite" data-testid="rules-announce">
            {announce}
          </p>
          {changeError && (
            <p class="tg-alert tg-alert-danger" role="alert" data-testid="rules-change-error">
              {t('rules.changeFailed')} {changeError}
            </p>
          )}

          {editing === 'new' ? (
            <RuleForm
              title={t('rules.form.addTitle')}
              initial={emptyDraft()}
              departments={data.departments}
              groups={data.groups}
              emailsKnown={data.emailsKnown}
              onSave={save}
              onCancel={() => {
                setEditing(null);
                focusLater('rules-add');
              }}
            />
          ) : (
            <div class="tg-toolbar">
              {data.groups.length === 0 ? (
                <p class="tg-muted">{t('rules.noGroups')}</p>
              ) : (
                <button type="button" class="tg-btn tg-btn-light" data-testid="rules-add" onClick={() => setEditing('new')}>
                  {t('rules.add')}
                </button>
              )}
            </div>
          )}

          <label class="tg-rules-check tg-rules-new-users">
            <input type="checkbox" data-testid="rules-new-users" checked={newUsersWanted ?? data.applyToNewUsers} disabled={newUsers.status === 'saving'} onChange={(e) => void switchNewUsers((e.currentTarget as HTMLInputElement).checked)} />
            <span>
              {t('rules.newUsers')}
              <span class="tg-muted tg-small tg-rules-block">{t('rules.newUsersHint')}</span>
            </span>
          </label>
          <p class="tg-small" role="status" aria-live="polite" data-testid="rules-new-users-status" data-state={newUsers.status}>
            {newUsers.status === 'saved' && <span class="tg-ok">{t('rules.newUsersSaved')}</span>}
            {newUsers.status === 'error' && (
              <span class="tg-error">
                {t('rules.newUsersFailed')} {newUsers.message}
              </span>
            )}
          </p>

          {data.rules.length > 0 && (
            <div class="tg-rules-run">
              <div class="tg-toolbar">
                <button type="button" class="tg-btn tg-btn-primary" data-testid="rules-preview" disabled={preview.status === 'loading' || applying} onClick={runPreview}>
                  {preview.status === 'loading' ? t('rules.previewing') : t('rules.preview')}
                </button>
                <button type="button" class="tg-btn tg-btn-success" data-testid="rules-apply" disabled={!canApply} onClick={apply}>
                  {applying ? t('rules.applying') : t('rules.apply')}
                </button>
              </div>
              <div role="status" aria-live="polite">
                {stale && (
                  <p class="tg-alert tg-alert-warning" data-testid="rules-preview-stale">
                    {t('rules.previewStale')}
                  </p>
                )}
              </div>
              {preview.status === 'error' && (
                <p class="tg-alert tg-alert-danger" role="alert" data-testid="rules-preview-error">
                  {t('rules.previewFailed')} {preview.message}
                </p>
              )}
              {preview.status === 'ready' && !stale && <DryRunResult result={preview.result} />}
              {job && (
                <JobProgress
                  job={job}
                  label={t('rules.applyLabel')}
                  countText={(done, total) => (total === null ? t('rules.applySoFar', { done }) : t('rules.applyProgress', { done, total }))}
                  testId="rules-apply-progress"
                />
              )}
              <div role="status" aria-live="polite">
                {job?.state === 'done' && (
                  <p class="tg-alert tg-alert-success" data-testid="rules-applied">
                    {t('rules.applied', { count: job.progress.done })}
                  </p>
                )}
              </div>
              {(applyError || job?.state === 'failed' || job?.state === 'cancelled' || progress.error !== null) && (
                <p class="tg-alert tg-alert-danger" role="alert" data-testid="rules-apply-failed">
                  {t('rules.applyFailed')} {applyError ?? job?.error ?? (progress.error ? apiErrorText(t, progress.error) : '')}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
