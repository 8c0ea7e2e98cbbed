import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ContentLanguage } from '../catalog-types';

type Choice = 'en' | 'ru' | 'both';

const LANGUAGES: Record<Choice, ContentLanguage[]> = { en: ['en'], ru: ['ru'], both: ['en', 'ru'] };

/**
 * The admin's one click from an empty catalog to a real one: our "Security awareness" pack, in
 * the portal's language by default, or the other, or both. Loading it again adds nothing twice.
 */
export function DemoPackLoader(props: { onLoaded: () => void }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const [choice, setChoice] = useState<Choice>(lang);
  const [state, setState] = useState<{ status: 'idle' | 'loading' } | { status: 'error'; message: string }>({ status: 'idle' });

  const load = async (event: Event) => {
    event.preventDefault();
    if (state.status === 'loading') return;
    setState({ status: 'loading' });
    try {
      await nav.client.loadDemoPack(LANGUAGES[choice]);
      props.onLoaded();
    } catch (error) {
      setState({ status: 'error', message: apiErrorText(t, error) });
    }
  };

  return (
    <form class="tg-demo-pack" onSubmit={load} data-testid="demo-pack">
      <fieldset class="tg-fieldset">
        <legend class="tg-label">{t('catalog.demo.language')}</legend>
        <div class="tg-segmented">
          {(['en', 'ru', 'both'] as const).map((value) => (
            <label key={value} class={`tg-segment${choice === value ? ' tg-segment-on' : ''}`}>
              <input
                type="radio"
                name="demo-pack-language"
                value={value}
                checked={choice === value}
                data-testid={`demo-pack-${value}`}
                onChange={() => setChoice(value)}
              />
              <span>{t(`catalog.demo.${value}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {state.status === 'error' && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="demo-pack-error">
          {t('catalog.demo.failed')} {state.message}
        </p>
      )}
      <button type="submit" class="tg-btn tg-btn-success" data-testid="demo-pack-load" aria-disabled={state.status === 'loading' ? 'true' : undefined}>
        {state.status === 'loading' ? t('catalog.demo.loading') : t('catalog.demo.load')}
      </button>
    </form>
  );
}
