import { useI18n } from '../../i18n/i18n';
import { Chip } from '../catalog/view-parts';

/**
 * "The card of a closed course" (seed 002): a catalog item attached to training groups is closed,
 * and only its managers and admins still find it in the catalog, marked closed with its groups.
 */
export function ClosedMark(props: { item: { id: number; closed?: boolean; groups?: Array<{ id: number; name: string }> } }) {
  const { t } = useI18n();
  if (!props.item.closed) return null;
  const names = (props.item.groups ?? []).map((g) => g.name).join(', ');
  return (
    <Chip tone="danger" testId="closed-mark" title={names ? t('groups.closed.title', { groups: names }) : undefined}>
      {names ? t('groups.closed.in', { groups: names }) : t('groups.closed')}
    </Chip>
  );
}
