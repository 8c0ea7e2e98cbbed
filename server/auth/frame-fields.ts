import crypto from 'node:crypto';

/**
 * Reading what Bitrix24 posts into the app's frame (BITRIX24.md §1.2): the query carries DOMAIN,
 * PROTOCOL, LANG, APP_SID; the form body carries AUTH_ID, REFRESH_ID, member_id, PLACEMENT, ...
 * None of it is trusted until checked against the portal's stored record.
 */
export type FrameFields = Record<string, unknown>;

export function field(fields: FrameFields | undefined | null, name: string): string | undefined {
  const value = fields?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Whether a string can be a Bitrix24 OAuth token (AUTH_ID, REFRESH_ID, access_token): letters and
 * digits only, 20 to 128 of them. Cloud portals issue about 70 hex digits, older ones 32 letters
 * and digits, the local portal 48 hex digits. Anything else is refused before it costs a request
 * from the portal's rate limit (a forged token still costs one; malformed junk costs none).
 */
export function isBitrixTokenShape(value: string): boolean {
  return /^[0-9a-z]{20,128}$/i.test(value);
}

/** The UI language: two or three letters, else English. */
export function frameLang(query: FrameFields | undefined, body?: FrameFields): string {
  const raw = (field(query, 'LANG') ?? field(body, 'LANG') ?? 'en').toLowerCase();
  return /^[a-z]{2,3}$/.test(raw) ? raw : 'en';
}

/**
 * The origin the request claims to come from (DOMAIN + PROTOCOL). Used only to let that page
 * frame an error message that holds nothing secret; a verified page uses the stored origin.
 */
export function claimedOrigin(query: FrameFields | undefined): string | null {
  const domain = field(query, 'DOMAIN');
  if (!domain || !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(domain)) return null;
  return `${field(query, 'PROTOCOL') === '0' ? 'http' : 'https'}://${domain.toLowerCase()}`;
}

/** The portal's origin from its stored client_endpoint (https://portal.bitrix24.com/rest/). */
export function originOf(endpoint: string): string | null {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** PLACEMENT_OPTIONS arrives as a JSON string; anything but an object of scalars becomes {}. */
export function placementOptions(raw: unknown): Record<string, string> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
  }
  return out;
}

/** Constant-time comparison of two secrets (hashed first, so their lengths leak nothing either). */
export function secretsEqual(given: string, stored: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(stored).digest();
  return crypto.timingSafeEqual(a, b) && given.length === stored.length;
}

/**
 * Compares the application token of a delivery (or a frame POST) with the stored one in constant
 * time (secretsEqual). No stored token (never installed, or uninstalled) or no given token never matches.
 */
export function applicationTokenMatches(stored: string | null | undefined, given: unknown): boolean {
  if (typeof stored !== 'string' || stored === '' || typeof given !== 'string' || given === '') return false;
  return secretsEqual(given, stored);
}
