import { ApiError, type ApiClient } from '../../api';
import { freshAuth } from '../../b24';
import type {
  AddResult,
  AuditEntry,
  ContentKind,
  ContentRef,
  CreateBody,
  DeletePreview,
  GroupCard,
  GroupFields,
  GroupsList,
  Invitation,
  JoinMethodName,
  MyGroupsReply,
  Participant,
  PickerWorkgroup,
  WorkgroupTabReply,
} from './groups-types';

export const B24_TOKEN_HEADER = 'X-B24-Access-Token';

/** The frame's current Bitrix24 token, or null when there is no Bitrix24 page to ask (opened outside the portal). */
export type TokenSource = (force: boolean) => Promise<string | null>;

export const frameToken: TokenSource = async (force) => {
  try {
    return (await freshAuth({ force })).accessToken;
  } catch {
    // No answering Bitrix24 page: send without it; a route that needs it says so (428 B24_TOKEN_REQUIRED).
    return null;
  }
};

const q = (params: Record<string, string | number | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/**
 * Every training-groups call the screens make, typed, in one place. The routes that ask Bitrix24
 * with the caller's own account carry the frame's token in a header, never in
 * the URL; when Bitrix24 refused it as expired, a new one is fetched and the request sent once more.
 */
export function groupsClient(api: ApiClient, token: TokenSource = frameToken) {
  async function keyed<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = async (force: boolean) => {
      const value = await token(force);
      return api.send<T>(method, path, { body, headers: value ? { [B24_TOKEN_HEADER]: value } : {} });
    };
    try {
      return await send(false);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || error.code !== 'B24_TOKEN_EXPIRED') throw error;
      return send(true);
    }
  }

  return {
    /* Lists */
    list: (query: { q?: string; limit?: number; offset?: number }) => api.get<GroupsList>(`/api/groups${q(query)}`),
    myGroups: () => api.get<MyGroupsReply>('/api/my-groups'),
    answerInvitation: (id: number, accept: boolean) =>
      api.post<{ state: 'accepted' | 'declined'; group: { id: number; name: string } }>(`/api/my-groups/invitations/${id}/${accept ? 'accept' : 'decline'}`),

    /* The card */
    card: (id: number) => api.get<GroupCard>(`/api/groups/${id}`),
    participants: (id: number, query: { state?: string; q?: string; limit?: number; offset?: number }) =>
      api.get<{ total: number; participants: Participant[] }>(`/api/groups/${id}/participants${q(query)}`),
    invitations: (id: number) => api.get<{ invitations: Invitation[] }>(`/api/groups/${id}/invitations`),
    audit: (id: number, before: number | null, limit = 20) => api.get<{ entries: AuditEntry[]; nextBefore: number | null }>(`/api/groups/${id}/audit${q({ limit, before })}`),
    deletePreview: (id: number) => api.get<DeletePreview>(`/api/groups/${id}/delete-preview`),
    sync: (id: number) => api.post<{ jobId: number }>(`/api/groups/${id}/sync`),

    /* Changes (🔑 where Bitrix24 has to be asked) */
    create: (body: CreateBody) => keyed<GroupCard>('POST', '/api/groups', body),
    workgroups: (query: { q?: string; start?: number }) => keyed<{ workgroups: PickerWorkgroup[]; next: number | null }>('GET', `/api/workgroups${q(query)}`),
    update: (id: number, version: number, fields: Partial<GroupFields>) => keyed<GroupCard>('PATCH', `/api/groups/${id}`, { version, ...fields }),
    remove: (id: number, version: number) => keyed<{ deleted: true }>('DELETE', `/api/groups/${id}${q({ version })}`),
    unlink: (id: number, version: number) => keyed<GroupCard>('POST', `/api/groups/${id}/unlink`, { version }),
    attach: (id: number, kind: ContentKind, itemId: number) => keyed<{ content: ContentRef[] }>('PUT', `/api/groups/${id}/content/${kind}/${itemId}`),
    detach: (id: number, kind: ContentKind, itemId: number) => keyed<{ content: ContentRef[] }>('DELETE', `/api/groups/${id}/content/${kind}/${itemId}`),
    addParticipants: (id: number, userIds: number[]) => keyed<{ method: JoinMethodName; results: AddResult[] }>('POST', `/api/groups/${id}/participants`, { userIds }),
    removeParticipant: (id: number, userId: number) => keyed<{ outcome: 'removed' }>('DELETE', `/api/groups/${id}/participants/${userId}`),
    cancelInvitation: (id: number, invitationId: number) => api.delete<{ state: 'cancelled' }>(`/api/groups/${id}/invitations/${invitationId}`),

    /* The workgroup tab */
    // Keyed: whether a moderator is offered to create a group from the workgroup is Bitrix24's answer, asked with their token.
    workgroupTab: (workgroupId: number) => keyed<WorkgroupTabReply>('GET', `/api/workgroups/${workgroupId}/training-group`),

    /* People and catalog lists used by the pickers */
    people: (search: string, limit = 20) =>
      api.get<{ people: Array<{ userId: number; name: string; lastName: string; position: string; userType: string; active: boolean; photoUrl: string | null }> }>(
        `/api/people${q({ search, limit })}`,
      ),
    manageCourses: (search = '') => api.get<{ courses: Array<{ id: number; title: string; hiddenFromExtranet: boolean }> }>(`/api/manage/courses${q({ q: search })}`),
    manageTests: (search = '') => api.get<{ tests: Array<{ id: number; title: string; hiddenFromExtranet: boolean }> }>(`/api/manage/tests${q({ q: search })}`),
  };
}

export type GroupsClient = ReturnType<typeof groupsClient>;
