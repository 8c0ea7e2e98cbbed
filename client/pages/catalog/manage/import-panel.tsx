import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useUnsavedChanges } from '../../../components/leave-guard';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ImportProblem, ImportReply } from '../catalog-types';
import { importProblemsOf, readablePath } from './import-problems';

/** Largest file the server takes (its body limit is 5 MB of text). */
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Importing a course or test from an exchange file: pasted or chosen from the computer. The server
 * checks it whole and writes nothing on any error; each error is shown with its line and field.
 */
export function ImportPanel(props: { onImported: (reply: ImportReply) => void; onClose: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useUnsavedChanges(text.trim() !== '' && !busy);

  const readFile = async (file: File | undefined) => {
    setProblems(null);
    setError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(t('catalog.import.tooBig'));
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || !text.trim()) return;
    setBusy(true);
    setProblems(null);
    setError(null);
    try {
      const reply = await nav.client.importFile(text);
      setText('');
      props.onImported(reply);
    } catch (e) {
      const found = importProblemsOf(e);
      if (found) setProblems(found);
      else setError(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="tg-panel-box" data-testid="import-panel" onSubmit={submit} aria-labelledby="import-title">
      <h3 class="tg-group-title" id="import-title">
        {t('catalog.import.title')}
      </h3>
      <p class="tg-muted tg-intro">{t('catalog.import.intro')}</p>
      <div class="tg-import-file">
        <label class="tg-btn tg-btn-light tg-btn-sm tg-file-label">
          {t('catalog.import.chooseFile')}
          <input type="file" accept=".json,application/json" class="tg-file-input" data-testid="import-file" onChange={(event) => void readFile((event.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
        <span class="tg-muted tg-small">{fileName ?? t('catalog.import.orPaste')}</span>
      </div>
      <label class="tg-label" for="import-text">
        {t('catalog.import.text')}
      </label>
      <textarea
        id="import-text"
        class="tg-input tg-textarea tg-markdown"
        rows={10}
        spellcheck={false}
        value={text}
        data-testid="import-text"
        aria-describedby={problems ? 'import-problems' : undefined}
        onInput={(event) => {
          setText((event.currentTarget as HTMLTextAreaElement).value);
          setFileName(null);
        }}
      />
      {problems && (
        <div class="tg-alert tg-alert-danger tg-import-problems" role="alert" id="import-problems" data-testid="import-problems">
          <div>
            <strong>{t('catalog.import.refused')}</strong>
            <ul>
              {problems.map((p, index) => (
                <li key={index} data-testid="import-problem" data-line={p.line ?? ''} data-path={p.path}>
                  {p.line !== null && <span class="tg-import-line">{t('catalog.import.line', { line: p.line })}</span>}
                  {p.path && <code class="tg-import-path">{readablePath(p.path)}</code>} {p.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      <div class="tg-savebar">
        <button type="submit" class="tg-btn tg-btn-success" data-testid="import-submit" aria-disabled={busy || !text.trim() ? 'true' : undefined}>
          {busy ? t('catalog.import.importing') : t('catalog.import.submit')}
        </button>
        <button type="button" class="tg-btn tg-btn-light" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
