/** The training-groups API as the client reads it (the contract: notes/groups-api.md). */

export type Day = string; // YYYY-MM-DD, a calendar day
export type GroupWindow = 'before' | 'open' | 'after';

export interface Person {
  userId: number;
  name: string;
  /** The contract's Person has it; the audit trail's short people may not. */
  lastName?: string;
  position?: string;
  userType?: string;
  photoUrl?: string | null;
  active?: boolean;
}

export interface Workgroup {
  id: number;
  name: string;
  /** Opens the workgroup in the portal. */
  url: string;
  state: 'linked' | 'unlinked-by-bitrix24';
  unlinkedAt: string | null;
}

export type ContentKind = 'course' | 'test';

export interface ContentRef {
  kind: ContentKind;
  id: number;
  title: string;
  hiddenFromExtranet: boolean;
  deleted: boolean;
}

export type JoinMethodName = 'add' | 'invite' | 'app-invitation';

export interface JoinMethod {
  method: JoinMethodName;
  via: 'bitrix24' | 'app';
  reason: 'admin' | 'not-admin';
  canRemove: boolean;
  removeRefusal: null | 'linked-admins-only';
}

export interface Rights {
  edit: boolean;
  editNameAndDescription: boolean;
  delete: boolean;
  unlink: boolean;
  sync: boolean;
  attachContent: boolean;
  addParticipants: boolean;
  removeParticipants: boolean;
  cancelInvitations: boolean;
  withdrawWorkgroupInvitations: boolean;
  viewAudit: boolean;
}

export interface GroupSummary {
  id: number;
  name: string;
  description: string;
  accessStartsOn: Day | null;
  accessEndsOn: Day | null;
  isExtranet: boolean;
  window: GroupWindow;
  counts: { active: number; invited: number; content: number };
  workgroup: Workgroup | null;
  createdBy: Person | null;
  version: number;
  updatedAt: string;
  rights: Rights;
}

export interface GroupCard extends GroupSummary {
  joinMethod: JoinMethod;
  content: ContentRef[];
  sync: null | { lastSyncedAt: string | null; stale: boolean; jobId: number | null };
}

export interface GroupsList {
  total: number;
  groups: GroupSummary[];
}

export type ParticipantState = 'active' | 'invited' | 'removed' | 'left' | 'ended';

export interface Participant extends Person {
  state: ParticipantState | string;
  source: 'manual' | 'workgroup' | 'invitation' | 'rule' | string;
  workgroupRole: 'A' | 'E' | 'K' | null | string;
  joinedAt: string | null;
  leftAt: string | null;
}

export type AddOutcome = 'added' | 'invited' | 'already-member' | 'already-invited' | 'refused' | 'unknown-person';

export interface AddResult {
  userId: number;
  outcome: AddOutcome | string;
  reason: string | null;
  code: string | null;
}

export interface Invitation {
  id: number | null;
  kind: 'app' | 'workgroup';
  person: Person;
  invitedBy: Person | null;
  invitedAt: string | null;
  state: 'pending';
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: Person | null;
  person: Person;
  action: string;
  method: string;
  source: string;
  result: 'ok' | 'refused' | string;
  detail: string | null;
}

export interface DeletePreview {
  participants: number;
  invitations: number;
  appInvitations: number;
  workgroupInvitations: number;
  content: Array<ContentRef & { reopens: boolean }>;
  auditEntries: number;
  workgroup: Workgroup | null;
}

export interface PickerWorkgroup {
  id: number;
  name: string;
  description: string;
  isExtranet: boolean;
  role: 'A' | 'E' | null;
  membersCount: number | null;
  linkedGroupId: number | null;
}

export interface GroupFields {
  name: string;
  description: string;
  accessStartsOn: Day | null;
  accessEndsOn: Day | null;
}

export interface CreateBody extends Partial<GroupFields> {
  workgroupId?: number;
  createWorkgroup?: boolean;
}

export interface MyContent {
  kind: ContentKind;
  id: number;
  title: string;
  description: string;
  estimatedMinutes: number;
}

export interface MyGroup {
  id: number;
  name: string;
  description: string;
  accessStartsOn: Day | null;
  accessEndsOn: Day | null;
  window: GroupWindow | string;
  joinedAt: string | null;
  content: MyContent[];
}

export interface MyGroupsReply {
  current: MyGroup[];
  upcoming: MyGroup[];
  invitations: Array<{
    id: number;
    group: { id: number; name: string; description: string; accessStartsOn: Day | null; accessEndsOn: Day | null };
    invitedBy: Person | null;
    invitedAt: string;
  }>;
  workgroupInvitations: Array<{ group: { id: number; name: string }; workgroup: { id: number; name: string; url: string }; invitedAt?: string }>;
}

/** GET /api/workgroups/:id/training-group: the workgroup tab, as the viewer may see it (contract v2.1). */
export interface WorkgroupTabReply {
  state: 'member' | 'manager' | 'can-create' | 'nothing';
  group: { id: number; name: string } | null;
  /** The viewer's own view of the group (as in My groups), when they are a participant. */
  myGroup: MyGroup | null;
}

/** The full display name of a person ("Olga Smirnova"), whatever shape the server sent. */
export function personName(person: Pick<Person, 'userId' | 'name' | 'lastName'> | null | undefined): string {
  if (!person) return '';
  const full = [person.name, person.lastName].filter(Boolean).join(' ').trim();
  return full || `#${person.userId}`;
}
