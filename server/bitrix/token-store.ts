import type { Knex } from 'knex';

/** The app actor's stored token pair for one portal (the installing admin's, used for background work). */
export interface StoredTokens {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
  userId: number | null;
}

/** What the client may learn of a portal's grant: dead for good (no refresh is tried), or worth a try. */
export type GrantState = 'needs_reinstall' | 'uninstalled' | 'alive';

/**
 * Where the client keeps each portal's app tokens. The client defines it and the portal registry
 * (tenants/) implements it, so the client needs nothing of ours above db/. Every method takes the
 * connection to use: the refresher calls them inside its transaction, with the row locked.
 */
export interface TokenStore {
  /** The stored pair, or null when the portal is unknown; `forUpdate` locks the row till the transaction ends. */
  read(db: Knex, portalId: string, options?: { forUpdate?: boolean }): Promise<StoredTokens | null>;
  /** Whether the portal's grant is already known to be dead (then no refresh is attempted). */
  grantState(db: Knex, portalId: string): Promise<GrantState>;
  save(db: Knex, portalId: string, tokens: StoredTokens): Promise<void>;
  /** Records that the grant is gone: the admin has to reinstall, or pay. */
  markGrantLost(db: Knex, portalId: string, state: 'needs_reinstall' | 'payment_required'): Promise<void>;
}
