import { useI18n } from '../../../i18n/i18n';
import { ConflictNotice } from './conflict-notice';
import { CheckboxInput, SaveBar } from './form-parts';
import type { EditForm } from './use-edit-form';

/** What the course and the standalone test forms end with: "hidden from extranet", a conflict to settle, the save bar. */

export function HiddenFromExtranetInput(props: { checked: boolean; onChange: (hidden: boolean) => void; disabled: boolean; testId: string }) {
  const { t } = useI18n();
  return <CheckboxInput label={t('catalog.hiddenFromExtranetLabel')} hint={t('catalog.hiddenFromExtranetHint')} checked={props.checked} onChange={props.onChange} disabled={props.disabled} testId={props.testId} />;
}

/** Someone else's save to settle (theirs, or mine over theirs), then Save / Cancel unless read-only. */
export function ConflictAndSave<F>(props: {
  form: EditForm<F>;
  /** 'course' or 'test': the test ids are `${name}-conflict` and `${name}` for the save bar. */
  name: string;
  labels: Record<string, string>;
  send: Parameters<EditForm<F>['submit']>[0];
  theirsOf: Parameters<EditForm<F>['submit']>[1];
  readOnly: boolean;
}) {
  const { form } = props;
  return (
    <>
      {form.state.conflict && (
        <ConflictNotice
          testId={`${props.name}-conflict`}
          theirs={form.state.conflict.theirs as unknown as Record<string, unknown>}
          mine={form.draft as unknown as Record<string, unknown>}
          labels={props.labels}
          onTakeTheirs={form.takeTheirs}
          onOverwrite={() => void form.overwrite(props.send, props.theirsOf)}
        />
      )}
      {!props.readOnly && <SaveBar testId={props.name} dirty={form.dirty} save={form.save} onCancel={form.dirty ? form.reset : undefined} />}
    </>
  );
}
