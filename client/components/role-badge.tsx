import type { Role } from '../boot';
import { useI18n } from '../i18n/i18n';

export function RoleBadge(props: { role: Role }) {
  const { t } = useI18n();
  return (
    <span class={`tg-badge tg-badge-${props.role}`} data-testid="role-badge" data-role={props.role}>
      {t(`role.${props.role}`)}
    </span>
  );
}
