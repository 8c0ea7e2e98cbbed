import crypto from 'node:crypto';
import type { BoundEvent, BoundPlacement, Notification, Relation, SeedDepartment, SeedGroup, SeedUser } from './model';
import { buildSeed } from './seed';
import { TokenStore } from './token-store';

export interface PortalIdentity {
  /** 'http://localhost:PORT' */
  url: string;
  /** 'localhost:PORT' */
  domain: string;
  memberId: string;
}

export interface AppRegistration {
  /** app.info CODE. */
  code: string;
  clientId: string;
  clientSecret: string;
  appBaseUrl: string;
  applicationPath: string;
  installerPath: string;
  oauthRedirectPath: string;
  scopes: string[];
  /** F free, L local, P paid, T trial, D demo. */
  status: string;
  version: number;
}

export interface IdCounters {
  user: number;
  group: number;
  event: number;
  placement: number;
  notification: number;
}

export interface Stats {
  restRequests: number;
  byMethod: Record<string, number>;
  /** Commands run inside batches, by method (a batch itself counts once in byMethod). */
  batchCommands: Record<string, number>;
  tokenRefreshes: number;
}

const freshStats = (): Stats => ({ restRequests: 0, byMethod: {}, batchCommands: {}, tokenRefreshes: 0 });
const secret = () => crypto.randomBytes(16).toString('hex');

/**
 * Everything the portal knows, in memory: people, structure, workgroups and memberships, the one
 * registered app (its install state, bindings, options, tokens) and counters. One instance per portal.
 * With `stateFile` the runtime part is saved and restored by persistence.ts.
 */
export class PortalState {
  readonly users = new Map<number, SeedUser>();
  readonly departments: SeedDepartment[];
  readonly groups = new Map<number, SeedGroup>();
  readonly relations: Map<number, Relation[]>;
  readonly tokens: TokenStore;
  readonly notifications: Notification[] = [];
  readonly events: BoundEvent[] = [];
  readonly placements: BoundPlacement[] = [];
  readonly appOptions: Record<string, unknown> = {};
  readonly userOptions = new Map<number, Record<string, unknown>>();
  /** Users who have opened the app once (the parent's setInstall); FIRST_RUN is true before that. */
  readonly firstRunDone = new Set<number>();

  /** installFinish was called (and the app was not uninstalled since). */
  installed = false;
  /** The app was deleted from the portal: tokens revoked, OAuth answers invalid_client. */
  uninstalled = false;
  applicationToken = secret();
  stats: Stats = freshStats();
  private nextIds: IdCounters = { user: 0, group: 0, event: 1, placement: 1, notification: 1 };
  /** How many benchmark users the seed has (the state file records it: ids depend on it). */
  readonly bigGroupMembers: number;

  constructor(
    readonly identity: PortalIdentity,
    readonly app: AppRegistration,
    seedOptions: { bigGroupMembers: number; accessTokenTtlSeconds: number },
  ) {
    this.bigGroupMembers = seedOptions.bigGroupMembers;
    const seed = buildSeed(seedOptions.bigGroupMembers);
    for (const user of seed.users) this.users.set(user.id, user);
    this.departments = seed.departments;
    for (const group of seed.groups) this.groups.set(group.id, group);
    this.relations = seed.relations;
    this.tokens = new TokenStore(seedOptions.accessTokenTtlSeconds);
    this.nextIds.user = Math.max(...this.users.keys()) + 1;
    this.nextIds.group = Math.max(...this.groups.keys()) + 1;
  }

  get scopeString(): string {
    return this.app.scopes.join(',');
  }

  restEndpoint(): string {
    return `${this.identity.url}/rest/`;
  }

  user(id: number): SeedUser | undefined {
    return this.users.get(id);
  }

  relationsOf(groupId: number): Relation[] {
    let list = this.relations.get(groupId);
    if (!list) {
      list = [];
      this.relations.set(groupId, list);
    }
    return list;
  }

  relation(groupId: number, userId: number): Relation | undefined {
    return this.relations.get(groupId)?.find((r) => r.userId === userId);
  }

  /** Groups in which the user has any relation (incl. pending), with that relation. */
  groupsOfUser(userId: number): Array<{ group: SeedGroup; relation: Relation }> {
    const out: Array<{ group: SeedGroup; relation: Relation }> = [];
    for (const [groupId, list] of this.relations) {
      const relation = list.find((r) => r.userId === userId);
      const group = this.groups.get(groupId);
      if (relation && group) out.push({ group, relation });
    }
    return out;
  }

  newUserId(): number {
    return this.nextIds.user++;
  }
  newGroupId(): number {
    return this.nextIds.group++;
  }
  newEventId(): number {
    return this.nextIds.event++;
  }
  newPlacementId(): number {
    return this.nextIds.placement++;
  }
  newNotificationId(): number {
    return this.nextIds.notification++;
  }

  /** The next ids to hand out (the state file keeps them, so ids are never reused after a restart). */
  idCounters(): IdCounters {
    return { ...this.nextIds };
  }

  /** Raises the counters to at least these values (never lowers them). */
  raiseIdCounters(ids: Partial<IdCounters>): void {
    for (const key of Object.keys(this.nextIds) as Array<keyof IdCounters>) {
      const wanted = ids[key];
      if (typeof wanted === 'number' && Number.isFinite(wanted)) this.nextIds[key] = Math.max(this.nextIds[key], Math.trunc(wanted));
    }
  }

  userOptionsOf(userId: number): Record<string, unknown> {
    let options = this.userOptions.get(userId);
    if (!options) {
      options = {};
      this.userOptions.set(userId, options);
    }
    return options;
  }

  resetStats(): void {
    this.stats = freshStats();
  }

  countRest(method: string): void {
    this.stats.restRequests++;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
  }

  countBatchCommand(method: string): void {
    this.stats.batchCommands[method] = (this.stats.batchCommands[method] ?? 0) + 1;
  }

  /**
   * The app is deleted: tokens die, handlers and widgets go (after ONAPPUNINSTALL is sent), options
   * survive unless the admin ticked "delete data" (BITRIX24.md §1.5).
   */
  markUninstalled(clean: boolean): void {
    this.uninstalled = true;
    this.installed = false;
    this.tokens.revokeAll();
    if (clean) {
      for (const key of Object.keys(this.appOptions)) delete this.appOptions[key];
      this.userOptions.clear();
    }
  }

  dropBindings(): void {
    this.events.length = 0;
    this.placements.length = 0;
  }

  /** The admin installs the app again: a fresh install with a new application_token. */
  reinstall(): void {
    this.uninstalled = false;
    this.installed = false;
    this.applicationToken = secret();
    this.firstRunDone.clear();
    this.dropBindings();
  }
}
