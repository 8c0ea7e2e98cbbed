/**
 * The local portal's data model: plain records, kept in memory by PortalState.
 * Field names are ours (camelCase); the REST methods translate them to Bitrix24's shapes.
 */

export type UserType = 'employee' | 'extranet';

export interface SeedUser {
  id: number;
  active: boolean;
  /** Portal administrator (ADMIN in `profile`, true in `user.admin`). */
  isAdmin: boolean;
  name: string;
  lastName: string;
  secondName: string;
  email: string;
  position: string;
  /** Department ids; empty for extranet users (they have no UF_DEPARTMENT). */
  departments: number[];
  userType: UserType;
  gender: 'M' | 'F' | '';
  /** ISO-8601 date-time. */
  dateRegister: string;
  city: string;
  phoneInner: string;
  isOnline: boolean;
  /** Only seeded people get an avatar; generated benchmark users have none. */
  hasPhoto: boolean;
}

export interface SeedDepartment {
  id: number;
  name: string;
  parent: number | null;
  sort: number;
  headId: number | null;
}

export interface SeedGroup {
  id: number;
  name: string;
  description: string;
  ownerId: number;
  active: boolean;
  /** VISIBLE=N is a secret group: invisible to non-members. */
  visible: boolean;
  opened: boolean;
  /** CLOSED=Y is an archived group. */
  closed: boolean;
  project: boolean;
  isExtranet: boolean;
  keywords: string;
  /** Who may invite: A owner only, E owner and moderators, K every member. */
  initiatePerms: 'A' | 'E' | 'K';
  subjectId: number;
  dateCreate: string;
  dateUpdate: string;
  dateActivity: string;
}

/** A (owner), E (moderator), K (member), Z (awaiting: invited by the group or asked to join). */
export type Role = 'A' | 'E' | 'K' | 'Z';

export interface Relation {
  userId: number;
  role: Role;
  /** G: the group invited the user; U: the user asked to join. */
  initiatedBy: 'G' | 'U';
  date: string;
}

export interface SeedData {
  users: SeedUser[];
  departments: SeedDepartment[];
  groups: SeedGroup[];
  /** groupId -> relations in insertion (relation id) order. */
  relations: Map<number, Relation[]>;
}

export interface Notification {
  id: number;
  userId: number;
  /** null for im.notify.system.add; the sender for im.notify.personal.add. */
  fromUserId: number | null;
  message: string;
  messageOut: string | null;
  tag: string | null;
  subTag: string | null;
  attach: unknown;
  createdAt: string;
}

export interface BoundEvent {
  id: number;
  event: string;
  handler: string;
  /** User whose token the event carries; 0 = the user who triggered it. */
  authType: number;
  offline: boolean;
  /** Who bound it (non-admins see only their own in event.get). */
  boundBy: number;
}

export interface BoundPlacement {
  id: number;
  placement: string;
  handler: string;
  title: string;
  description: string;
  groupName: string;
  langAll: Record<string, { TITLE?: string; DESCRIPTION?: string; GROUP_NAME?: string }>;
  options: Record<string, unknown>;
  userId: number;
}

export interface DeliveredEvent {
  event: string;
  handler: string;
  /** HTTP status the handler answered; 0 when it could not be reached. */
  status: number;
  body: Record<string, unknown>;
  at: string;
}
