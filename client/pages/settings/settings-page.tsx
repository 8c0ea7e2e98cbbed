import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import { selectAccessItems, selectUser } from '../../b24';
import { apiErrorText } from '../../components/api-error-text';
import { useUnsavedChanges } from '../../components/leave-guard';
import { useFrame } from '../../frame-connection';
import { useI18n } from '../../i18n/i18n';
import { ModeratorRow } from './moderator-row';
import { GroupingRules } from './grouping-rules';
import { accessCodes, keyOf, merged, sameSubjects, sortAccessPick, sorted, withKnownNames, type Moderator } from './moderators-model';
import { PeopleDirectory } from './people-directory';
import { PeopleSearch } from './people-search';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };
type Save = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'error'; message: string };
/** GET and PUT /api/settings/moderators. */
type ModeratorsReply = { moderators: Moderator[]; administrators: number[] };

/** Admin settings: the moderators, the grouping rules, then the people directory (its size, and importing it again). */
export function SettingsPage(props: { api: ApiClient }) {
  return (
    <>
      <Moderators api={props.api} />
      <GroupingRules api={props.api} />
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
  const [notices, setNotices] = useState<string[]>([]);
  const [admins, setAdmins] = useState<ReadonlySet<number>>(new Set());
  const [picking, setPicking] = useState(false);
  const known = useRef(new Map<string, string>());
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    props.api.get<ModeratorsReply>('/api/settings/moderators').then(
      (reply) => {
        if (!live) return;
        const list = sorted(reply.moderators);
        setSaved(list);
        setDraft(list);
        setAdmins(new Set(reply.administrators ?? []));
        setLoad({ status: 'ready' });
      },
      (error: unknown) => live && setLoad({ status: 'error', message: apiErrorText(t, error) }),
    );
    return () => {
      live = false;
    };
  }, [props.api, attempt]);

  // Leaving Settings (another tab, closing the page) with this list unsaved asks first.
  const dirty = !sameSubjects(saved, draft);
  useUnsavedChanges(dirty);

  /** Adds what was picked; says what it did not add and why (`refused`: already worded). */
  const add = (items: Moderator[], refused: string[] = []) => {
    const said = [...refused];
    const wanted: Moderator[] = [];
    for (const item of items) {
      known.current.set(keyOf(item), item.name);
      // Administrators already have every right: naming one would change nothing, and suggest it did.
      if (item.subjectType === 'user' && admins.has(item.subjectId)) said.push(t('settings.moderators.isAdmin', { name: item.name }));
      else wanted.push(item);
    }
    const { list, already } = merged(draft, wanted);
    for (const item of already) said.push(t('settings.moderators.already', { name: item.name }));
    setNotices(said);
    if (!sameSubjects(list, draft)) {
      setDraft(list);
      setSave({ status: 'idle' });
    }
  };

  const pick = async (kind: 'user' | 'department') => {
    if (frame.state.status !== 'ready') return;
    const b24 = frame.state.b24;
    setPicking(true);
    setNotices([]);
    try {
      if (kind === 'user') {
        const user = await selectUser(b24);
        if (user) add([{ subjectType: 'user', subjectId: user.id, name: user.name }]);
      } else {
        // The access picker also offers people, "All employees", workgroups...: each is honoured or explained.
        const pick = sortAccessPick(await selectAccessItems(b24, accessCodes(draft)));
        const refused = [
          ...pick.everyone.map((name) => t('settings.moderators.notEveryone', { name })),
          ...(pick.others.length > 0 ? [t('settings.moderators.notPeople', { names: pick.others.join(', ') })] : []),
        ];
        add(pick.moderators, refused);
      }
    } catch {
      setNotices([t('settings.moderators.pickerUnavailable')]);
    } finally {
      setPicking(false);
    }
  };

  const remove = (target: Moderator) => {
    setDraft(draft.filter((m) => keyOf(m) !== keyOf(target)));
    setSave({ status: 'idle' });
    setNotices([]);
  };

  const submit = async () => {
    setSave({ status: 'saving' });
    setNotices([]);
    try {
      const reply = await props.api.put<ModeratorsReply>('/api/settings/moderators', {
        moderators: draft.map((m) =>
          m.subjectType === 'user'
            ? { subjectType: m.subjectType, subjectId: m.subjectId }
            : { subjectType: m.subjectType, subjectId: m.subjectId, includeSubdepartments: m.includeSubdepartments !== false },
        ),
      });
      const list = sorted(withKnownNames(reply.moderators, known.current));
      setSaved(list);
      setDraft(list);
      setAdmins(new Set(reply.administrators ?? []));
      setSave({ status: 'saved' });
    } catch (error) {
      setSave({ status: 'error', message: apiErrorText(t, error) });
    }
  };

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
                <ModeratorRow key={keyOf(m)} moderator={m} isAdmin={m.subjectType === 'user' && admins.has(m.subjectId)} disabled={busy} onRemove={() => remove(m)} />
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
          {notices.length > 0 && (
            <div class="tg-alert tg-alert-info" role="status" data-testid="moderators-notice">
              {notices.map((text) => (
                <p key={text}>{text}</p>
              ))}
            </div>
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
