/** Strings of the training groups' audit trail that the card was missing (every value the server stores is worded). */
export const groupsMendsMessages = {
  en: {
    // Group card: audit trail
    'groups.audit.action.withdrawn': 'Invitation withdrawn in Bitrix24',
    'groups.audit.method.people-pass': 'Daily check of people',
    'groups.audit.method.delete-group': 'Group deleted',
  },
  ru: {
    // Карточка группы: журнал изменений
    'groups.audit.action.withdrawn': 'Приглашение отозвано в Битрикс24',
    'groups.audit.method.people-pass': 'Ежедневная проверка сотрудников',
    'groups.audit.method.delete-group': 'Группа удалена',
  },
} as const;
