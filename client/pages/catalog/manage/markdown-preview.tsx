import { useEffect, useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';

/**
 * The learner's rendering of Markdown not saved yet: the server renders and sanitises it exactly as
 * it will for the learner (POST /api/lessons/preview), so what the author sees is what ships.
 */
export function MarkdownPreview(props: { body: string }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'ready'; html: string } | { status: 'error'; message: string }>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    nav.client.previewLesson(props.body).then(
      (reply) => live && setState({ status: 'ready', html: reply.html }),
      (error: unknown) => live && setState({ status: 'error', message: apiErrorText(t, error) }),
    );
    return () => {
      live = false;
    };
  }, [props.body]);

  if (state.status === 'loading') return <p class="tg-muted tg-preview" role="status">{t('catalog.lesson.previewLoading')}</p>;
  if (state.status === 'error') {
    return (
      <p class="tg-alert tg-alert-danger" role="alert">
        {t('catalog.lesson.previewFailed')} {state.message}
      </p>
    );
  }
  return <div class="tg-prose tg-lesson-body tg-preview" data-testid="lesson-preview" dangerouslySetInnerHTML={{ __html: state.html }} />;
}
