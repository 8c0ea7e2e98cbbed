import type { GrantState, TokenStore } from '../bitrix/token-store';
import { getPortal, readPortalTokens, savePortalTokens, setPortalState } from './portal-repository';

/** The Bitrix24 client's token store over the portals table: tokens live on the portal's row. */
export const portalTokenStore: TokenStore = {
  read: (db, portalId, options) => readPortalTokens(db, portalId, options),
  async grantState(db, portalId): Promise<GrantState> {
    const row = await getPortal(db, portalId);
    // A portal that has not paid may have paid since: its grant is still worth a refresh.
    return row && (row.state === 'needs_reinstall' || row.state === 'uninstalled') ? row.state : 'alive';
  },
  save: (db, portalId, tokens) => savePortalTokens(db, portalId, tokens),
  markGrantLost: (db, portalId, state) => setPortalState(db, portalId, state),
};
