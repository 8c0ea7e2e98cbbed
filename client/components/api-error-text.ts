import { ApiError } from '../api';
import type { Translate } from '../i18n/i18n';

/**
 * A failed request in words: ours for what the browser knows (no network), the server's message
 * otherwise (it is written for the user and names the field).
 */
export function apiErrorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('common.network');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
