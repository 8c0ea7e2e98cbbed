import type { Knex } from 'knex';

export type PortalState = 'installing' | 'active' | 'needs_reinstall' | 'payment_required' | 'uninstalled';

export interface Portal {
  id: string;
  memberId: string;
  domain: string;
  /** REST root of the portal, e.g. https://portal.bitrix24.com/rest/ (from the OAuth server, never from a request). */
  clientEndpoint: string;
  /** REST root of its OAuth server, e.g. https://oauth.bitrix.info/rest/. */
  serverEndpoint: string;
  applicationToken: string | null;
  scope: string;
  state: PortalState;
  status: string;
  tokenUserId: number | null;
  settings: Record<string, unknown>;
  /** When the install wizard's setup last succeeded; null before the first one and after an uninstall. */
  setUpAt: Date | null;
}

/** The stored token pair of the installing admin, used for background work. */
export interface PortalTokens {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
  userId: number | null;
}

interface PortalRow {
  id: string;
  member_id: string;
  domain: string;
  client_endpoint: string;
  server_endpoint: string;
  application_token: string | null;
  scope: string;
  state: PortalState;
  status: string;
  token_user_id: number | null;
  settings: Record<string, unknown> | string;
  access_token: string | null;
  refresh_token: string | null;
  token_expires_at: Date | string | null;
  set_up_at: Date | string | null;
}

function toPortal(row: PortalRow): Portal {
  return {
    id: row.id,
    memberId: row.member_id,
    domain: row.domain,
    clientEndpoint: row.client_endpoint,
    serverEndpoint: row.server_endpoint,
    applicationToken: row.application_token,
    scope: row.scope,
    state: row.state,
    status: row.status,
    tokenUserId: row.token_user_id,
    settings: typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings,
    setUpAt: row.set_up_at ? new Date(row.set_up_at) : null,
  };
}

export async function findPortalByMemberId(db: Knex, memberId: string): Promise<Portal | null> {
  const row = await db<PortalRow>('portals').where({ member_id: memberId }).first();
  return row ? toPortal(row) : null;
}

export async function getPortal(db: Knex, portalId: string): Promise<Portal | null> {
  const row = await db<PortalRow>('portals').where({ id: portalId }).first();
  return row ? toPortal(row) : null;
}

/** Reads the token pair; with `forUpdate` inside a transaction it locks the row (single-flight refresh). */
export async function readPortalTokens(db: Knex, portalId: string, options: { forUpdate?: boolean } = {}): Promise<PortalTokens | null> {
  let query = db<PortalRow>('portals').where({ id: portalId }).select('access_token', 'refresh_token', 'token_expires_at', 'token_user_id');
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.first();
  if (!row) return null;
  return {
    accessToken: row.access_token,
    refreshToken: row.refresh_token,
    expiresAt: row.token_expires_at ? new Date(row.token_expires_at) : null,
    userId: row.token_user_id,
  };
}

export async function savePortalTokens(db: Knex, portalId: string, tokens: PortalTokens): Promise<void> {
  await db('portals').where({ id: portalId }).update({
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_expires_at: tokens.expiresAt,
    token_user_id: tokens.userId,
    updated_at: db.fn.now(),
  });
}

export async function setPortalState(db: Knex, portalId: string, state: PortalState): Promise<void> {
  await db('portals').where({ id: portalId }).update({ state, updated_at: db.fn.now() });
}

/** The install wizard's setup succeeded: the portal is active and counts as set up (tenants/portal-serving.ts). */
export async function markPortalSetUp(db: Knex, portalId: string): Promise<void> {
  await db('portals').where({ id: portalId }).update({ state: 'active', set_up_at: db.fn.now(), updated_at: db.fn.now() });
}

export interface InstalledPortal {
  memberId: string;
  domain: string;
  clientEndpoint: string;
  serverEndpoint: string;
  applicationToken: string;
  scope: string;
  status: string;
  tokens: PortalTokens;
}

/**
 * Creates or revives the portal row at install or reinstall; returns it. Run inside the install
 * transaction. A reinstall of a working portal keeps its set_up_at, so it goes on serving while the
 * wizard runs; one after an uninstall starts over and serves once its setup has run.
 */
export async function upsertInstalledPortal(db: Knex, input: InstalledPortal): Promise<Portal> {
  const values = {
    member_id: input.memberId,
    domain: input.domain,
    client_endpoint: input.clientEndpoint,
    server_endpoint: input.serverEndpoint,
    application_token: input.applicationToken,
    scope: input.scope,
    status: input.status,
    state: 'installing' as PortalState,
    access_token: input.tokens.accessToken,
    refresh_token: input.tokens.refreshToken,
    token_expires_at: input.tokens.expiresAt,
    token_user_id: input.tokens.userId,
    installed_at: db.fn.now(),
    uninstalled_at: null,
    updated_at: db.fn.now(),
  };
  const [row] = await db<PortalRow>('portals')
    .insert(values)
    .onConflict('member_id')
    .merge({ ...values, set_up_at: db.raw("CASE WHEN portals.state = 'uninstalled' THEN NULL ELSE portals.set_up_at END") })
    .returning('*');
  return toPortal(row as PortalRow);
}

export interface PortalAddress {
  memberId: string;
  domain: string;
  clientEndpoint: string;
  serverEndpoint: string;
}

/**
 * The row a portal's install starts from, without any credential: created only if the portal is
 * new (an existing row, even an uninstalled one, is left alone). The REST calls that check the
 * installing user need a portal id to log against before the install is stored.
 */
export async function ensurePortalRow(db: Knex, address: PortalAddress): Promise<{ portal: Portal; created: boolean }> {
  const inserted = await db<PortalRow>('portals')
    .insert({
      member_id: address.memberId,
      domain: address.domain,
      client_endpoint: address.clientEndpoint,
      server_endpoint: address.serverEndpoint,
      state: 'installing',
    })
    .onConflict('member_id')
    .ignore()
    .returning('*');
  if (inserted[0]) return { portal: toPortal(inserted[0] as PortalRow), created: true };
  const existing = await findPortalByMemberId(db, address.memberId);
  if (!existing) throw new Error(`portal ${address.memberId} vanished while being created`);
  return { portal: existing, created: false };
}

/** Removes a row made by ensurePortalRow whose install was refused (only while it holds no credential). */
export async function dropBarePortalRow(db: Knex, portalId: string): Promise<void> {
  await db('portals').where({ id: portalId, state: 'installing' }).whereNull('refresh_token').whereNull('application_token').delete();
}

/**
 * Stores a grant an admin gave through the OAuth authorization-code flow (re-authorisation of a
 * portal in needs_reinstall): the endpoints the OAuth server answered with and the new pair.
 */
export async function savePortalGrant(
  db: Knex,
  portalId: string,
  grant: Pick<PortalAddress, 'domain' | 'clientEndpoint' | 'serverEndpoint'> & { scope: string; status: string; tokens: PortalTokens; state: PortalState },
): Promise<void> {
  await db('portals').where({ id: portalId }).update({
    domain: grant.domain,
    client_endpoint: grant.clientEndpoint,
    server_endpoint: grant.serverEndpoint,
    scope: grant.scope,
    status: grant.status,
    state: grant.state,
    access_token: grant.tokens.accessToken,
    refresh_token: grant.tokens.refreshToken,
    token_expires_at: grant.tokens.expiresAt,
    token_user_id: grant.tokens.userId,
    updated_at: db.fn.now(),
  });
}
