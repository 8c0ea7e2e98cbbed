import type { DeliveredEvent, Notification, Relation, SeedGroup, SeedUser } from './model';
import type { PortalState, Stats } from './state';
import type { EventsOut } from './events-out';
import type { FrameLaunch, FrameSessions } from './frame-sessions';
import type { RestServer } from './rest-server';
import type { Faults } from './rate-limit';
import { isoSeconds } from './rest-errors';
import { userRow } from './rest-methods/users';
import { SEED_USERS } from './seed';

/** Test and demo controls: what a tester would do by hand on a real portal, plus counters. */
export interface PortalControls {
  /** What the portal would POST into the app iframe for this user (§1.2). Mints real tokens for that user. */
  frameLaunch(userId: number, opts?: { lang?: string; placement?: string; placementOptions?: Record<string, string> }): FrameLaunch;
  /** A fresh token pair for a user, as the OAuth server would issue. */
  issueTokens(userId: number): { access_token: string; refresh_token: string; expires_in: number; expires: number; user_id: number };
  /** Every access token issued so far now answers 401 expired_token. */
  expireAllAccessTokens(): void;
  /** Fractions 0..1 of REST requests failing with QUERY_LIMIT_EXCEEDED / OPERATION_TIME_LIMIT, and added latency. */
  setFaults(f: Partial<Faults>): void;
  /** The invited user accepts (Z -> K); ONSONETGROUPUPDATE follows. Throws if there is no invitation. */
  acceptInvitation(groupId: number, userId: number): void;
  /** The invited user declines: the pending relation is deleted (no event: membership does not change). Throws if there is none. */
  declineInvitation(groupId: number, userId: number): void;
  /** REST HTTP requests as Bitrix24 counts them (a batch is 1), OAuth refreshes. */
  stats(): Stats;
  resetStats(): void;
  /** The app's per-portal secret (what events and the frame POST carry). */
  applicationToken(): string;
  /** installFinish was called. */
  installed(): boolean;
  /** What an admin's installFinish in the wizard does, for tests that skip the browser. */
  finishInstall(): void;
  boundEvents(): Array<{ event: string; handler: string }>;
  boundPlacements(): Array<{ placement: string; handler: string }>;
  /**
   * Sends an event to the app's bound handler(s) like Bitrix24 (form-encoded POST, auth[...] block incl.
   * application_token) and returns the HTTP status the (first) handler answered; 0 when Bitrix24 would
   * not deliver it (app not installed). Throws when no handler is bound for the event.
   * `userId` picks whose token the event carries (default the admin; null = no tokens, as for robots).
   */
  sendEvent(
    event: string,
    data: Record<string, unknown>,
    opts?: { applicationToken?: string; clean?: boolean; userId?: number | null },
  ): Promise<number>;
  /** Deletes the app: uninstalled, tokens revoked, ONAPPUNINSTALL sent if bound; returns the handler's status (0 if none). */
  uninstall(opts: { clean: boolean }): Promise<number>;
  /** The admin installs the app again: install mode, new application_token, no bindings. */
  reinstall(): void;
  users(): SeedUser[];
  groups(): SeedGroup[];
  relations(groupId: number): Relation[];
  setUserActive(userId: number, active: boolean): void;
  /** A new employee (or extranet user) completes registration: ONUSERADD is sent. */
  addUser(fields: Partial<Omit<SeedUser, 'id'>> & { name: string; lastName: string }): Promise<SeedUser>;
  notifications(): Notification[];
  /** Waits until every event sent so far was answered. */
  flushEvents(): Promise<void>;
  deliveredEvents(): DeliveredEvent[];
}

export function createControls(state: PortalState, frames: FrameSessions, events: EventsOut, rest: RestServer): PortalControls {
  const firstStatus = (statuses: number[]) => statuses[0] ?? 0;
  return {
    frameLaunch(userId, opts = {}) {
      const placement = (opts.placement ?? 'DEFAULT').toUpperCase();
      const bound = state.placements.find((p) => p.placement === placement);
      return frames.launch(frames.open(userId, { ...opts, placement, handlerUrl: bound?.handler }));
    },
    issueTokens: (userId) => {
      if (!state.user(userId)) throw new Error(`local portal: no user ${userId}`);
      return state.tokens.issue(userId);
    },
    expireAllAccessTokens: () => state.tokens.expireAllAccess(),
    setFaults: (f) => rest.setFaults(f),
    acceptInvitation(groupId, userId) {
      const relation = state.relation(groupId, userId);
      if (!relation || relation.role !== 'Z' || relation.initiatedBy !== 'G') throw new Error(`local portal: user ${userId} has no pending invitation to group ${groupId}`);
      relation.role = 'K';
      relation.date = isoSeconds(Date.now());
      // An extranet member makes the group an extranet group, however they joined (§5.4).
      if (state.user(userId)?.userType === 'extranet') state.groups.get(groupId)!.isExtranet = true;
      void events.send('ONSONETGROUPUPDATE', { FIELDS: { ID: String(groupId) } }, userId);
    },
    declineInvitation(groupId, userId) {
      const relation = state.relation(groupId, userId);
      if (!relation || relation.role !== 'Z' || relation.initiatedBy !== 'G') throw new Error(`local portal: user ${userId} has no pending invitation to group ${groupId}`);
      const list = state.relationsOf(groupId);
      list.splice(list.indexOf(relation), 1);
    },
    stats: () => structuredClone(state.stats),
    resetStats: () => state.resetStats(),
    applicationToken: () => state.applicationToken,
    installed: () => state.installed,
    finishInstall() {
      if (state.uninstalled) throw new Error('local portal: the app is uninstalled; call reinstall() first');
      state.installed = true;
    },
    boundEvents: () => state.events.map((e) => ({ event: e.event, handler: e.handler })),
    boundPlacements: () => state.placements.map((p) => ({ placement: p.placement, handler: p.handler })),
    async sendEvent(event, data, opts = {}) {
      const name = event.toUpperCase();
      if (!state.events.some((e) => e.event === name && !e.offline)) throw new Error(`local portal: no handler is bound for ${name}`);
      if (name === 'ONAPPUNINSTALL') {
        return firstStatus(await events.sendUninstall(opts.clean ?? false, opts.applicationToken));
      }
      const userId = opts.userId === undefined ? SEED_USERS.admin : opts.userId;
      return firstStatus(await events.send(name, data, userId, opts.applicationToken));
    },
    async uninstall({ clean }) {
      const wasInstalled = state.installed;
      state.markUninstalled(clean);
      const status = wasInstalled ? firstStatus(await events.sendUninstall(clean)) : 0;
      state.dropBindings();
      return status;
    },
    reinstall: () => state.reinstall(),
    users: () => [...state.users.values()].map((u) => ({ ...u, departments: [...u.departments] })),
    groups: () => [...state.groups.values()].map((g) => ({ ...g })),
    relations: (groupId) => state.relationsOf(groupId).map((r) => ({ ...r })),
    setUserActive(userId, active) {
      const user = state.user(userId);
      if (!user) throw new Error(`local portal: no user ${userId}`);
      user.active = active;
    },
    async addUser(fields) {
      const user: SeedUser = {
        active: true, isAdmin: false, secondName: '', email: '', position: '', departments: [], userType: 'employee', gender: '',
        dateRegister: isoSeconds(Date.now()), city: '', phoneInner: '', isOnline: true, hasPhoto: true,
        ...fields,
        id: state.newUserId(),
      };
      if (!user.email) user.email = `user${user.id}@acme.example.com`;
      if (user.userType === 'employee' && user.departments.length === 0) user.departments = [1];
      if (user.userType === 'extranet') user.departments = [];
      state.users.set(user.id, user);
      // ONUSERADD carries the user's fields the app's scope allows (§5.5).
      await events.send('ONUSERADD', userRow({ state }, user), user.id);
      return { ...user };
    },
    notifications: () => state.notifications.map((n) => ({ ...n })),
    flushEvents: () => events.flush(),
    deliveredEvents: () => events.log.map((e) => ({ ...e })),
  };
}
