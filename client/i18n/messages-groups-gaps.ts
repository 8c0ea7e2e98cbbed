/** Strings of the training groups' follow-ups (invitations, delete preview, closed items); keys grouped by screen. */
export const groupsGapsMessages = {
  en: {
    // Group card: pending invitations
    'groupsGaps.invitations.withdrawYes': 'Withdraw in Bitrix24',
    'groupsGaps.invitations.withdrawText': 'Bitrix24 withdraws their invitation to the workgroup “{workgroup}”. You can invite them again later.',
    'groupsGaps.error.LINKED_WITHDRAW_ADMIN_ONLY': 'Only a Bitrix24 administrator can withdraw a workgroup invitation from here: withdraw it on the workgroup’s page in Bitrix24, or ask an administrator.',
  },
  ru: {
    // Карточка группы: ожидающие приглашения
    'groupsGaps.invitations.withdrawYes': 'Отозвать в Битрикс24',
    'groupsGaps.invitations.withdrawText': 'Битрикс24 отзовёт приглашение в рабочую группу «{workgroup}». Позже можно пригласить снова.',
    'groupsGaps.error.LINKED_WITHDRAW_ADMIN_ONLY': 'Отозвать приглашение в рабочую группу отсюда может только администратор Битрикс24: отзовите его на странице группы в Битрикс24 или обратитесь к администратору.',
  },
} as const;
