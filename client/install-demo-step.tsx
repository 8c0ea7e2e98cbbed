import { useEffect, useState } from 'preact/hooks';
import './install-demo-step.css';
import type { ApiClient } from './api';
import { apiErrorText } from './components/api-error-text';
import { useI18n } from './i18n/i18n';
import type { ContentLanguage, DemoPackState } from '../server/catalog/catalog-schemas';

/**
 * The install wizard's last step before it finishes: load our demo course "Security awareness"
 * (in the portal's language, or in both) or skip it, so a new portal can open on a real catalog.
 * It uses the install session's own routes (GET/POST /api/install/demo-pack); loading again adds
 * nothing twice, so a reinstall may offer it again without harm.
 */

type Choice = 'portal' | 'both' | 'skip';

/** What the step ended with: a line for the checklist. */
export interface DemoStepResult {
  status: 'done';
  message: string;
}

interface DemoPackLoaded {
  loaded: Array<{ created: boolean }>;
}

export function InstallDemoStep(props: { api: ApiClient; onDone: (result: DemoStepResult) => void; onProgress: (message: string, failed?: boolean) => void }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<Choice>('portal');
  const [busy, setBusy] = useState(false);
  const [alreadyIn, setAlreadyIn] = useState<ContentLanguage[]>([]);

  useEffect(() => {
    // Which languages are already here (a reinstall): a courtesy, so its failure is silent.
    props.api
      .get<DemoPackState>('/api/install/demo-pack')
      .then((state) => setAlreadyIn([...new Set(state.loaded.map((item) => item.language).filter((l): l is ContentLanguage => l !== null))].sort()))
      .catch(() => undefined);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (choice === 'skip') return props.onDone({ status: 'done', message: t('install.demo.skipped') });
    const languages: ContentLanguage[] = choice === 'both' ? ['en', 'ru'] : [lang];
    setBusy(true);
    props.onProgress(t('install.demo.loading'));
    try {
      const reply = await props.api.post<DemoPackLoaded>('/api/install/demo-pack', { languages });
      const created = reply.loaded.filter((item) => item.created).length;
      props.onDone({ status: 'done', message: t('install.demo.loaded', { created, kept: reply.loaded.length - created }) });
    } catch (error) {
      setBusy(false);
      props.onProgress(t('install.demo.failed', { message: apiErrorText(t, error) }), true);
    }
  };

  const choices: Choice[] = ['portal', 'both', 'skip'];
  return (
    <form class="tg-install-demo" data-testid="install-demo" onSubmit={submit}>
      <h2 id="install-demo-title">{t('install.demo.title')}</h2>
      <p class="tg-install-demo-text">{t('install.demo.text')}</p>
      {alreadyIn.length > 0 && (
        <p class="tg-alert tg-alert-info" data-testid="install-demo-already">
          {t('install.demo.already', { languages: alreadyIn.map((l) => t(`install.demo.language.${l}`)).join(', ') })}
        </p>
      )}
      <fieldset aria-labelledby="install-demo-title">
        {choices.map((value) => (
          <label key={value} class="tg-install-demo-choice">
            <input
              type="radio"
              name="install-demo-choice"
              value={value}
              checked={choice === value}
              disabled={busy}
              data-testid={`install-demo-${value}`}
              onChange={() => setChoice(value)}
            />
            <span>{t(`install.demo.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" class="tg-btn tg-btn-primary" data-testid="install-demo-continue" aria-disabled={busy ? 'true' : undefined}>
        {busy ? t('install.demo.loading') : t('install.demo.continue')}
      </button>
    </form>
  );
}
