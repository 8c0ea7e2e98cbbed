import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy';

/**
 * Configuration comes from the environment and is validated once, at boot.
 * A bad value stops the process with one line that names the variable, so an
 * operator never has to read a stack trace to find a typo.
 */
export interface Config {
  port: number;
  host: string;
  /** Public base URL of the app as Bitrix24 reaches it (handlers, placements). */
  appBaseUrl: string;
  /** PostgreSQL connection string; absent means the embedded database under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** True when no marketplace credentials are set: the local portal plays Bitrix24. */
  localPortal: boolean;
  /** Marketplace credentials (in local-portal mode, the ones the local portal registers). */
  b24ClientId: string;
  b24ClientSecret: string;
  /** HMAC key for session tokens and OAuth state. */
  sessionSecret: string;
  /** OAuth servers we may send client_secret to (origins, e.g. https://oauth.bitrix.info). */
  b24OAuthServers: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Port of the local portal (emulator) in local-portal mode. */
  devPortalPort: number;
  /** Whether the background worker loop runs in this process. */
  runWorker: boolean;
  /** Proxies whose X-Forwarded-For is believed (Fastify's trustProxy); none by default. */
  trustProxy: TrustProxy;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`${variable}: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The app registration the local portal knows; used only when no marketplace credentials are set. */
export const LOCAL_PORTAL_CLIENT = {
  id: 'app.local0training0groups.00000001',
  secret: 'local-portal-client-secret',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEV_SESSION_SECRET = 'local-portal-mode-session-secret-not-for-production';

function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError(name, `a TCP port number from 1 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function readUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `an absolute URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `an absolute URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  return raw;
}

function readOrigins(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((item) => {
    const value = item.trim();
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
      return url.origin;
    } catch {
      throw new ConfigError(name, `a comma-separated list of http(s) origins, got "${value}"`);
    }
  });
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `true or false, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const port = readPort(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const devPortalPort = readPort(env, 'DEV_PORTAL_PORT', 3100);
  const appBaseUrl = (readUrl(env, 'APP_BASE_URL', ['http', 'https']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const dataDir = path.resolve(env.DATA_DIR || './data');

  const clientIdSet = Boolean(env.B24_CLIENT_ID);
  const clientSecretSet = Boolean(env.B24_CLIENT_SECRET);
  if (clientIdSet && !clientSecretSet) throw new ConfigError('B24_CLIENT_SECRET', 'a value whenever B24_CLIENT_ID is set');
  if (clientSecretSet && !clientIdSet) throw new ConfigError('B24_CLIENT_ID', 'a value whenever B24_CLIENT_SECRET is set');
  const localPortal = !clientIdSet;

  let sessionSecret = env.SESSION_SECRET || '';
  if (!sessionSecret) {
    // A fixed secret is acceptable only when the app talks to nothing but the local portal.
    if (!localPortal) throw new ConfigError('SESSION_SECRET', 'at least 32 characters when B24_CLIENT_ID is set');
    sessionSecret = DEV_SESSION_SECRET;
  }
  if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET', 'at least 32 characters');

  const b24OAuthServers = readOrigins(
    env,
    'B24_OAUTH_SERVERS',
    localPortal ? [`http://localhost:${devPortalPort}`] : ['https://oauth.bitrix.info', 'https://oauth.bitrix24.tech'],
  );

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (typeof trustProxy === 'object' && !Array.isArray(trustProxy)) throw new ConfigError('TRUST_PROXY', trustProxy.expected);

  return {
    port,
    host,
    appBaseUrl,
    databaseUrl,
    dataDir,
    localPortal,
    b24ClientId: env.B24_CLIENT_ID || LOCAL_PORTAL_CLIENT.id,
    b24ClientSecret: env.B24_CLIENT_SECRET || LOCAL_PORTAL_CLIENT.secret,
    sessionSecret,
    b24OAuthServers,
    logLevel,
    devPortalPort,
    runWorker: readBoolean(env, 'RUN_WORKER', true),
    trustProxy,
  };
}
