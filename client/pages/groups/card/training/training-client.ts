import { ApiError, type ApiClient } from '../../../../api';
import type { CourseReply, Topic } from '../../../catalog/catalog-types';
import { B24_TOKEN_HEADER, frameToken, type TokenSource } from '../../groups-client';

/** The group's training settings API (server/training/training-routes.ts), typed for the card. */

export type Level = 'beginner' | 'elementary' | 'intermediate' | 'advanced';
export const LEVELS: readonly Level[] = ['beginner', 'elementary', 'intermediate', 'advanced'];

export interface TrainingSettings {
  courseType: 'main' | 'express';
  noWaiting: boolean;
  minutesPerWeek: number | null;
  thresholdPercent: number;
  program: { allTopicsUpTo: Level } | { topics: Array<{ topicId: number; upTo: Level }> };
  express: { unitIds: number[]; durationDays: number | null };
  intendedStaff: { en: string; ru: string };
  lateJoiners: 'ownPace' | 'catchUp';
  timeZone: string;
}

export interface SettingsReply extends TrainingSettings {
  groupId: number;
  version: number;
  defaultKey: string | null;
  /** On a save: the running personal plans laid out again from the new settings. */
  plansRebuilt?: number;
}

export interface PlanPreview {
  version: number;
  pace: 'weekly' | 'noWaiting' | 'express';
  timeZone: string;
  startsOn: string;
  endsOn: string | null;
  minutesPerWeek: number | null;
  totalMinutes: number;
  units: Array<{ id: number; title: string; topic: string; level: Level; minutes: number; opensOn: string | null; dueOn: string | null }>;
  catchUp: { joinedOn: string; minutesPerWeek: number; capped: boolean } | null;
}

const query = (params: { startsOn?: string; joinedOn?: string }) => {
  const search = new URLSearchParams();
  if (params.startsOn) search.set('startsOn', params.startsOn);
  if (params.joinedOn) search.set('joinedOn', params.joinedOn);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function trainingClient(api: ApiClient, token: TokenSource = frameToken) {
  const base = (groupId: number) => `/api/groups/${groupId}/training-settings`;
  return {
    settings: (groupId: number) => api.get<SettingsReply>(base(groupId)),
    /** A linked group saved by a non-admin is checked with Bitrix24: the frame's token goes along, renewed once if expired. */
    async save(groupId: number, version: number, settings: TrainingSettings): Promise<SettingsReply> {
      const send = async (force: boolean) => {
        const value = await token(force);
        return api.send<SettingsReply>('PUT', base(groupId), { body: { version, ...settings }, headers: value ? { [B24_TOKEN_HEADER]: value } : {} });
      };
      try {
        return await send(false);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401 || error.code !== 'B24_TOKEN_EXPIRED') throw error;
        return send(true);
      }
    },
    /** The plan of the saved settings, or of `draft` (unsaved edits) when given. */
    preview: (groupId: number, params: { startsOn?: string; joinedOn?: string }, draft?: TrainingSettings) =>
      draft ? api.post<PlanPreview>(`${base(groupId)}/preview${query(params)}`, draft) : api.get<PlanPreview>(`${base(groupId)}/preview${query(params)}`),
    topics: () => api.get<{ topics: Topic[] }>('/api/topics'),
    course: (courseId: number) => api.get<CourseReply>(`/api/courses/${courseId}`),
  };
}

export type TrainingClient = ReturnType<typeof trainingClient>;
