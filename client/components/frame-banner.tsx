import { useFrame } from '../frame-connection';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const PROBLEM_TITLE: Record<'not-in-frame' | 'timeout' | 'failed', MessageKey> = {
  'not-in-frame': 'frame.notInFrame.title',
  timeout: 'frame.timeout.title',
  failed: 'frame.failed.title',
};

/**
 * Shown in the app when the Bitrix24 page around it did not answer: the app still works with its
 * session, but pickers, resizing and session renewal need the portal.
 */
export function FrameBanner() {
  const { t } = useI18n();
  const { state, retry } = useFrame();
  if (state.status !== 'failed') return null;
  const text = state.problem === 'not-in-frame' ? t('frame.notInFrame.text') : state.problem === 'timeout' ? t('frame.timeout.text') : t('frame.failed.text');
  return (
    <div class="tg-alert tg-alert-warning" role="alert" data-testid="frame-error" data-problem={state.problem}>
      <div>
        <strong>{t(PROBLEM_TITLE[state.problem])}</strong>
        <p>{text}</p>
      </div>
      {state.problem !== 'not-in-frame' && (
        <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
