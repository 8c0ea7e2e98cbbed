import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import { selectDepartments, selectUser } from '../../b24';
import { apiErrorText } from '../../components/api-error-text';
import { useFrame } from '../../frame-connection';
import { useI18n } from '../../i18n/i18n';
import { ModeratorRow } from './moderator-row';
import { keyOf, sameSubjects, sorted, withKnownNames, type Moderator } from './moderators-model';
import { PeopleDirectory } from './people-directory';
import { PeopleSearch } from './people-search';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };
type Save = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'error'; message: string };

/** Admin settings: the moderators, then the people directory (its size, and importing it again). */
export function SettingsPage(props: { api: ApiClient }) {
  return (
    <>
      <Moderators api={props.api} />
      <PeopleDirectory api={props.api} />
    </>
  );
}

/** Who, besides Bitrix24 administrators, may run training groups. */
function Moderators(props: { api: ApiClient }) {
  const { t } = useI18n();
  const frame = useFrame();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [saved, setSaved] = useState<Moderator[]>([]);
  const [draft, setDraft] = useState<Moderator[]>([]);
  const [save, setSave] = useState<Save>({ status: 'idle' });
  const [notice, setNotice] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const known = useRef(new Map<string, string>());
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    props.api.get<{ moderators: Moderator[] }>('/api/settings/moderators').then(
      (reply) => {
        if (!live) return;
        const list = sorted(reply.moderators);
        setSaved(list);
        setDraft(list);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => live && setLoad({ status: 'error', message: apiErrorText(t, error) }),
    );
    return () => {
      live = false;
    };
  }, [props.api, attempt]);

  const add = (items: Moderator[]) => {
    setNotice(null);
    const present = new Set(draft.map(keyOf));
    const fresh: Moderator[] = [];
    for (const item of items) {
      known.current.set(keyOf(item), item.name);
      if (present.has(keyOf(item))) setNotice(t('settings.moderators.already', { name: item.name }));
      else {
        present.add(keyOf(item));
        fresh.push(item);
      }
    }
    if (fresh.length > 0) {
      setDraft(sorted([...draft, ...fresh]));
      setSave({ status: 'idle' });
    }
  };

  const pick = async (kind: 'user' | 'department') => {
    if (frame.state.status !== 'ready') return;
    const b24 = frame.state.b24;
    setPicking(true);
    setNotice(null);
    try {
      if (kind === 'user') {
        const user = await selectUser(b24);
        if (user) add([{ subjectType: 'user', subjectId: user.id, name: user.name }]);
      } else {
        const current = draft.filter((m) => m.subjectType === 'department').map((m) => m.subjectId);
        const departments = await selectDepartments(b24, current);
        add(departments.map((d) => ({ subjectType: 'department' as const, subjectId: d.id, name: d.name })));
      }
    } catch {
      setNotice(t('settings.moderators.pickerUnavailable'));
    } finally {
      setPicking(false);
    }
  };

  const remove = (target: Moderator) => {
    setDraft(draft.filter((m) => keyOf(m) !== keyOf(target)));
    setSave({ status: 'idle' });
    setNotice(null);
  };

  const submit = async () => {
    setSave({ status: 'saving' });
    setNotice(null);
    try {
      const reply = await props.api.put<{ moderators: Moderator[] }>('/api/settings/moderators', {
        moderators: draft.map((m) => ({ subjectType: m.subjectType, subjectId: m.subjectId })),
      });
      const list = sorted(withKnownNames(reply.moderators, known.current));
      setSaved(list);
      setDraft(list);
      setSave({ status: 'saved' });
    } catch (error) {
      setSave({ status: 'error', message: apiErrorText(t, error) });
    }
  };

  const dirty = !sameSubjects(saved, draft);
  const busy = save.status === 'saving';
  const pickerReady = frame.state.status === 'ready';

  return (
    <section class="tg-section" aria-labelledby="moderators-title" data-testid="moderators">
      <h2 class="tg-section-title" id="moderators-title">
        {t('settings.moderators.title')}
      </h2>
      <p class="tg-muted tg-intro">{t('settings.moderators.intro')}</p>

      {load.status === 'loading' && (
        <p class="tg-muted" role="status" data-testid="moderators-loading">
          {t('settings.moderators.loading')}
        </p>
      )}
      {load.status === 'error' && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="moderators-load-error">
          <p>
            {t('settings.moderators.loadFailed')} {load.message}
          </p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {load.status === 'ready' && (
        <>
          {draft.length === 0 ? (
            <p class="tg-placeholder" data-testid="moderators-empty">
              {t('settings.moderators.empty')}
            </p>
          ) : (
            <ul class="tg-list" aria-label={t('settings.moderators.listLabel')} data-testid="moderators-list">
              {withKnownNames(draft, known.current).map((m) => (
                <ModeratorRow key={keyOf(m)} moderator={m} disabled={busy} onRemove={() => remove(m)} />
              ))}
            </ul>
          )}

          <div class="tg-toolbar">
            <button type="button" class="tg-btn tg-btn-light" data-testid="moderators-add-user" disabled={!pickerReady || picking || busy} onClick={() => pick('user')}>
              {t('settings.moderators.addUser')}
            </button>
            <button
              type="button"
              class="tg-btn tg-btn-light"
              data-testid="moderators-add-department"
              disabled={!pickerReady || picking || busy}
              onClick={() => pick('department')}
            >
              {t('settings.moderators.addDepartment')}
            </button>
          </div>
          {frame.state.status === 'failed' && (
            <PeopleSearch api={props.api} onPick={(person) => add([{ subjectType: 'user', subjectId: person.id, name: person.name }])} />
          )}
          {notice && (
            <p class="tg-alert tg-alert-info" role="status" data-testid="moderators-notice">
              {notice}
            </p>
          )}

          <div class="tg-footer">
            <button type="button" class="tg-btn tg-btn-success" data-testid="moderators-save" disabled={!dirty || busy} onClick={submit}>
              {busy ? t('settings.moderators.saving') : t('settings.moderators.save')}
            </button>
            <span class="tg-footer-status" role="status" aria-live="polite" data-testid="moderators-status" data-state={dirty && save.status === 'idle' ? 'unsaved' : save.status}>
              {save.status === 'saved' && <span class="tg-ok">{t('settings.moderators.saved')}</span>}
              {save.status === 'error' && (
                <span class="tg-error">
                  {t('settings.moderators.saveFailed')} {save.message}
                </span>
              )}
              {save.status === 'idle' && dirty && <span class="tg-muted">{t('settings.moderators.unsaved')}</span>}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
