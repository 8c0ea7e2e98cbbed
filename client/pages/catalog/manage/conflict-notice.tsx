import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';

/**
 * Someone else saved the item while this user edited it (409 EDIT_CONFLICT): both versions side by
 * side for the fields that differ, and a conscious choice: load theirs (drop mine) or save mine over theirs.
 */
export function ConflictNotice<F extends Record<string, unknown>>(props: {
  theirs: F;
  mine: F;
  labels: Partial<Record<keyof F, string>>;
  show?: (value: unknown, key: keyof F) => string;
  onTakeTheirs: () => void;
  onOverwrite: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  const show = props.show ?? ((value: unknown) => (typeof value === 'boolean' ? (value ? t('catalog.form.yes') : t('catalog.form.no')) : String(value ?? '')));
  const differing = (Object.keys(props.labels) as Array<keyof F>).filter((key) => JSON.stringify(props.theirs[key]) !== JSON.stringify(props.mine[key]));
  return (
    <div ref={box} tabIndex={-1} class="tg-alert tg-alert-warning tg-conflict" role="alert" data-testid={props.testId}>
      <div>
        <strong>{t('catalog.conflict.title')}</strong>
        <p>{t('catalog.conflict.text')}</p>
        {differing.length > 0 && (
          <table class="tg-table tg-conflict-table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="tg-sr-only">{t('catalog.conflict.field')}</span>
                </th>
                <th scope="col">{t('catalog.conflict.theirs')}</th>
                <th scope="col">{t('catalog.conflict.mine')}</th>
              </tr>
            </thead>
            <tbody>
              {differing.map((key) => (
                <tr key={String(key)}>
                  <th scope="row">{props.labels[key]}</th>
                  <td class="tg-conflict-value">{clip(show(props.theirs[key], key))}</td>
                  <td class="tg-conflict-value">{clip(show(props.mine[key], key))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div class="tg-confirm tg-conflict-actions">
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid={`${props.testId}-theirs`} onClick={props.onTakeTheirs}>
            {t('catalog.conflict.takeTheirs')}
          </button>
          <button type="button" class="tg-btn tg-btn-danger tg-btn-sm" data-testid={`${props.testId}-overwrite`} onClick={props.onOverwrite}>
            {t('catalog.conflict.overwrite')}
          </button>
        </div>
      </div>
    </div>
  );
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
