/** Strings of the training groups' follow-ups (invitations, delete preview, closed items); keys grouped by screen. */
export const groupsGapsMessages = {
  en: {
    // Group card: pending invitations
    'groupsGaps.invitations.withdrawYes': 'Withdraw in Bitrix24',
    'groupsGaps.invitations.withdrawText': 'Bitrix24 withdraws their invitation to the workgroup “{workgroup}”. You can invite them again later.',
    // Group card: delete confirmation
    'groupsGaps.delete.appInvitations': 'App invitations ({n}) are withdrawn: they disappear from the invited people’s My groups.',
    'groupsGaps.delete.workgroupInvitations': 'Invitations pending in the Bitrix24 workgroup ({n}) stay in Bitrix24: deleting the training group does not withdraw them. Withdraw them on the workgroup’s page if they should go.',
    'groupsGaps.error.LINKED_WITHDRAW_ADMIN_ONLY': 'Only a Bitrix24 administrator can withdraw a workgroup invitation from here: withdraw it on the workgroup’s page in Bitrix24, or ask an administrator.',
  },
  ru: {
    // Карточка группы: ожидающие приглашения
    'groupsGaps.invitations.withdrawYes': 'Отозвать в Битрикс24',
    'groupsGaps.invitations.withdrawText': 'Битрикс24 отзовёт приглашение в рабочую группу «{workgroup}». Позже можно пригласить снова.',
    // Карточка группы: подтверждение удаления
    'groupsGaps.delete.appInvitations': 'Приглашения в приложении ({n}) будут отозваны и исчезнут из раздела «Мои группы» у приглашённых.',
    'groupsGaps.delete.workgroupInvitations': 'Приглашения в рабочую группу Битрикс24 ({n}) останутся в Битрикс24: удаление учебной группы их не отзывает. Если они больше не нужны, отзовите их на странице рабочей группы.',
    'groupsGaps.error.LINKED_WITHDRAW_ADMIN_ONLY': 'Отозвать приглашение в рабочую группу отсюда может только администратор Битрикс24: отзовите его на странице группы в Битрикс24 или обратитесь к администратору.',
  },
} as const;
