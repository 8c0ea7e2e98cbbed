import type { ApiClient } from '../../../api';
import { B24_TOKEN_HEADER, frameToken, type TokenSource } from '../groups-client';
import type { GroupLaunch } from '../list/launch-several-model';
import type { ProgressMember } from './training-people-model';

/** The training launch calls of the card and of the list (issue 10 part 4); changes carry the frame's Bitrix24 token, as the groups' own do. */

export type LaunchState = 'running' | 'paused' | 'stopped';

export interface TrainingState {
  groupId: number;
  launch: null | { id: number; state: LaunchState; startsOn: string; timeZone: string; launchedAt: string; stoppedAt: string | null };
  pauses: Array<{ personId: number | null; from: string; to: string | null }>;
}

export function trainingClient(api: ApiClient, token: TokenSource = frameToken) {
  const keyed = async <T>(path: string, body: unknown): Promise<T> => {
    const value = await token(false);
    return api.send<T>('POST', path, { body, headers: value ? { [B24_TOKEN_HEADER]: value } : {} });
  };
  return {
    state: (groupId: number) => api.get<TrainingState>(`/api/groups/${groupId}/training`),
    launch: (groupId: number, startsOn: string) => keyed<{ launchId: number; plans: number }>(`/api/groups/${groupId}/training/launch`, { startsOn }),
    /** Several groups from one day, all or none (the list's "Launch training"). */
    launchMany: (groupIds: number[], startsOn: string) => keyed<{ launches: GroupLaunch[] }>('/api/training/launches', { groupIds, startsOn }),
    change: (groupId: number, action: 'pause' | 'resume' | 'stop') => keyed<{ state: LaunchState }>(`/api/groups/${groupId}/training/${action}`, {}),
    /** Pause, resume, stop or launch again chosen people; the reply names those changed. */
    changePeople: (groupId: number, action: 'pause' | 'resume' | 'stop' | 'restart', personIds: number[]) =>
      keyed<{ state: LaunchState; personIds: number[] | null }>(`/api/groups/${groupId}/training/${action}`, { personIds }),
    progress: (groupId: number) => api.get<{ members: ProgressMember[] }>(`/api/groups/${groupId}/training/progress`),
  };
}
