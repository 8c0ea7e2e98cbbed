import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type PortalClock } from './clock';
import type { FrameSession, FrameSessions } from './frame-sessions';
import type { BoundEvent, BoundPlacement, Notification, Relation, SeedGroup, SeedUser } from './model';
import { buildSeed } from './seed';
import type { IdCounters, PortalState } from './state';
import type { StoredToken } from './token-store';

/**
 * The state file (`LocalPortalOptions.stateFile`): what changed at runtime, so a restarted `npm start`
 * still knows the app (installed, its tokens, bindings, options) and what the app did to the portal
 * (groups, memberships, notifications, new people). The seed is rebuilt from code on every start and
 * the file is layered on top of it; only differences from the seed are written. Fault switches, stats
 * and the delivered-event log are not kept.
 */

/** Bump when the file's shape changes: a file of another version is ignored (with a warning). */
export const STATE_FILE_VERSION = 1;

/** Saves are debounced: at most one write per this many ms while requests keep coming. */
const SAVE_DELAY_MS = 250;
const MAX_TOKENS = 5000;
const MAX_NOTIFICATIONS = 500;
const MAX_FRAME_SESSIONS = 200;

export interface PersistedState {
  version: number;
  /** The registered app the file belongs to; a file of another client id is ignored. */
  clientId: string;
  /** Seed size: benchmark user ids depend on it, so a file made with another size is ignored. */
  bigGroupMembers: number;
  memberId: string;
  app: {
    installed: boolean;
    uninstalled: boolean;
    applicationToken: string;
    firstRunDone: number[];
    appOptions: Record<string, unknown>;
    userOptions: Array<[number, Record<string, unknown>]>;
    events: BoundEvent[];
    placements: BoundPlacement[];
  };
  tokens: { access: StoredToken[]; refresh: StoredToken[] };
  frames: FrameSession[];
  /** People added at runtime, and seeded people whose record changed (e.g. deactivated). */
  users: SeedUser[];
  /** Groups created at runtime, and seeded groups whose fields changed. */
  groups: SeedGroup[];
  /** Seeded groups deleted at runtime. */
  deletedGroups: number[];
  /** The full relation list of every group whose memberships differ from the seed. */
  relations: Array<[number, Relation[]]>;
  /** The most recent notifications only. */
  notifications: Notification[];
  nextIds: IdCounters;
}

type Dict = Record<string, unknown>;

/** Shallow equality of plain records whose values are primitives or arrays of primitives. */
function sameRecord(a: object, b: object): boolean {
  const x = a as Dict;
  const y = b as Dict;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) {
    const u = x[key];
    const v = y[key];
    if (u === v) continue;
    if (Array.isArray(u) && Array.isArray(v) && u.length === v.length && u.every((item, i) => item === v[i])) continue;
    return false;
  }
  return true;
}

function sameRelations(a: Relation[], b: Relation[]): boolean {
  return a.length === b.length && a.every((r, i) => sameRecord(r, b[i]!));
}

/** The seed as code builds it, to tell runtime changes from seeded data. */
export class SeedBaseline {
  private readonly users = new Map<number, SeedUser>();
  private readonly groups = new Map<number, SeedGroup>();
  private readonly relations: Map<number, Relation[]>;

  constructor(bigGroupMembers: number) {
    const seed = buildSeed(bigGroupMembers);
    for (const user of seed.users) this.users.set(user.id, user);
    for (const group of seed.groups) this.groups.set(group.id, group);
    this.relations = seed.relations;
  }

  snapshot(state: PortalState, frames: FrameSessions, extra: { clientId: string }): PersistedState {
    const users = [...state.users.values()].filter((u) => {
      const seeded = this.users.get(u.id);
      return !seeded || !sameRecord(u, seeded);
    });
    const groups = [...state.groups.values()].filter((g) => {
      const seeded = this.groups.get(g.id);
      return !seeded || !sameRecord(g, seeded);
    });
    const deletedGroups = [...this.groups.keys()].filter((id) => !state.groups.has(id));
    const relations: Array<[number, Relation[]]> = [];
    for (const [groupId, list] of state.relations) {
      if (!state.groups.has(groupId)) continue; // relationsOf() leaves empty lists for unknown ids
      const seeded = this.relations.get(groupId);
      if (!seeded || !sameRelations(list, seeded)) relations.push([groupId, list]);
    }
    return {
      version: STATE_FILE_VERSION,
      clientId: extra.clientId,
      bigGroupMembers: state.bigGroupMembers,
      memberId: state.identity.memberId,
      app: {
        installed: state.installed,
        uninstalled: state.uninstalled,
        applicationToken: state.applicationToken,
        firstRunDone: [...state.firstRunDone],
        appOptions: state.appOptions,
        userOptions: [...state.userOptions].filter(([, options]) => Object.keys(options).length > 0),
        events: state.events,
        placements: state.placements,
      },
      tokens: state.tokens.exportLive(MAX_TOKENS),
      frames: frames.recent(MAX_FRAME_SESSIONS),
      users,
      groups,
      deletedGroups,
      relations,
      notifications: state.notifications.slice(-MAX_NOTIFICATIONS),
      nextIds: state.idCounters(),
    };
  }
}

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`malformed ${what}`);
}
const isObject = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const maxId = (ids: Iterable<number>) => Math.max(0, ...ids);

/**
 * Layers a saved file onto a freshly seeded state (and its frame sessions). Throws on a malformed
 * file; the caller then starts from a fresh state, as the state may be half-restored.
 */
export function restoreState(state: PortalState, frames: FrameSessions, saved: PersistedState): void {
  const { app } = saved;
  check(isObject(app), 'app');
  check(Array.isArray(saved.users) && saved.users.every((u) => isObject(u) && isId(u.id)), 'users');
  check(Array.isArray(saved.groups) && saved.groups.every((g) => isObject(g) && isId(g.id)), 'groups');
  check(Array.isArray(saved.deletedGroups) && saved.deletedGroups.every(isId), 'deletedGroups');
  check(Array.isArray(saved.relations) && saved.relations.every((e) => Array.isArray(e) && isId(e[0]) && Array.isArray(e[1])), 'relations');
  check(Array.isArray(saved.notifications), 'notifications');
  check(isObject(saved.tokens) && Array.isArray(saved.tokens.access) && Array.isArray(saved.tokens.refresh), 'tokens');
  check(Array.isArray(app.events) && Array.isArray(app.placements) && Array.isArray(app.firstRunDone), 'bindings');
  check(isObject(app.appOptions) && Array.isArray(app.userOptions), 'options');
  check(typeof app.applicationToken === 'string' && app.applicationToken !== '', 'application token');
  check(typeof saved.memberId === 'string' && saved.memberId !== '', 'member_id');
  check(app.events.every((e) => isObject(e) && isId(e.id) && typeof e.event === 'string' && typeof e.handler === 'string'), 'event bindings');
  check(app.placements.every((p) => isObject(p) && isId(p.id) && typeof p.placement === 'string' && typeof p.handler === 'string'), 'placement bindings');
  check(app.firstRunDone.every(isId), 'firstRunDone');
  check(saved.notifications.every((n) => isObject(n) && isId(n.id) && isId(n.userId)), 'notifications');

  for (const user of saved.users) state.users.set(user.id, { ...user, departments: [...(user.departments ?? [])] });
  for (const id of saved.deletedGroups) {
    state.groups.delete(id);
    state.relations.delete(id);
  }
  for (const group of saved.groups) state.groups.set(group.id, { ...group });
  for (const [groupId, list] of saved.relations) {
    check(list.every((r) => isObject(r) && isId(r.userId) && typeof r.role === 'string'), `relations of group ${groupId}`);
    if (state.groups.has(groupId)) state.relations.set(groupId, list.map((r) => ({ ...r })));
  }

  state.installed = app.installed === true;
  state.uninstalled = app.uninstalled === true;
  state.applicationToken = app.applicationToken;
  for (const id of app.firstRunDone) state.firstRunDone.add(id);
  Object.assign(state.appOptions, app.appOptions);
  for (const [userId, options] of app.userOptions) {
    check(isId(userId) && isObject(options), 'user options');
    Object.assign(state.userOptionsOf(userId), options);
  }
  state.events.push(...app.events);
  state.placements.push(...app.placements);
  state.notifications.push(...saved.notifications);
  state.tokens.importLive(saved.tokens);
  if (Array.isArray(saved.frames)) frames.restore(saved.frames);

  // Ids are never reused: at least what the file says, and past everything that now exists.
  state.raiseIdCounters(isObject(saved.nextIds) ? saved.nextIds : {});
  state.raiseIdCounters({
    user: maxId(state.users.keys()) + 1,
    group: maxId(state.groups.keys()) + 1,
    event: maxId(state.events.map((e) => e.id)) + 1,
    placement: maxId(state.placements.map((p) => p.id)) + 1,
    notification: maxId(state.notifications.map((n) => n.id)) + 1,
  });
}

/**
 * Reads and writes the file: atomically (a temporary file renamed over it), debounced, one write at a
 * time, and only when the content changed. Failures are warnings: the portal keeps running in memory.
 */
export class StateFile {
  private saveScheduled = false;
  private lastWritten: string | null = null;
  private writing: Promise<void> = Promise.resolve();
  private source: (() => PersistedState) | null = null;
  private closed = false;
  private seq = 0;

  constructor(
    readonly file: string,
    private readonly warn: (message: string) => void,
    private readonly clock: PortalClock = systemClock,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  /** The saved state, or null when there is none or it cannot be used (then a warning says why). */
  load(expected: { clientId: string; bigGroupMembers: number }): PersistedState | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`cannot read the state file ${this.file} (${(error as Error).message}); starting fresh`);
      return null;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.warn(`the state file ${this.file} is not valid JSON; ignoring it and starting fresh`);
      return null;
    }
    if (!isObject(data) || data.version !== STATE_FILE_VERSION) {
      const version = isObject(data) ? JSON.stringify(data.version) : 'none';
      this.warn(`the state file ${this.file} has schema version ${version}, not ${STATE_FILE_VERSION}; ignoring it and starting fresh`);
      return null;
    }
    if (data.clientId !== expected.clientId) {
      this.warn(`the state file ${this.file} belongs to client id ${JSON.stringify(data.clientId)}, not ${JSON.stringify(expected.clientId)}; ignoring it and starting fresh`);
      return null;
    }
    if (data.bigGroupMembers !== expected.bigGroupMembers) {
      this.warn(`the state file ${this.file} was made with ${JSON.stringify(data.bigGroupMembers)} benchmark users, not ${expected.bigGroupMembers}; ignoring it and starting fresh`);
      return null;
    }
    return data as unknown as PersistedState;
  }

  /** What to save from now on. */
  track(source: () => PersistedState): void {
    this.source = source;
  }

  /** Something may have changed: save soon (coalesces; a steady stream of requests saves every delayMs). */
  schedule(): void {
    if (this.closed || !this.source || this.saveScheduled) return;
    this.saveScheduled = true;
    void this.clock.sleep(this.delayMs).then(() => {
      this.saveScheduled = false;
      // close() has made the final save; a write after it could resurrect a deleted file.
      if (!this.closed) void this.save();
    });
  }

  /** Saves now if the content changed; resolves when this and every earlier write are done. */
  save(): Promise<void> {
    if (!this.source) return this.writing;
    let json: string;
    try {
      json = JSON.stringify(this.source());
    } catch (error) {
      this.warn(`cannot serialise the portal state (${(error as Error).message}); not saved`);
      return this.writing;
    }
    if (json === this.lastWritten) return this.writing;
    this.lastWritten = json;
    this.writing = this.writing
      .then(() => this.write(json))
      .catch((error: unknown) => {
        this.lastWritten = null; // try again on the next change
        this.warn(`cannot save the state file ${this.file} (${error instanceof Error ? error.message : String(error)})`);
      });
    return this.writing;
  }

  /** The final save; nothing is scheduled after it. */
  async close(): Promise<void> {
    this.closed = true;
    await this.save();
  }

  private async write(json: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++this.seq}.tmp`;
    try {
      await fs.promises.writeFile(tmp, json, 'utf8');
      await fs.promises.rename(tmp, this.file);
    } catch (error) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}
