/**
 * Is this error the database being out of reach (down, restarting, refusing connections, out of
 * connections), rather than a fault in a query? Then a request cannot be served now but may be
 * in a minute: 503 with Retry-After, not a 500 that says we have a bug.
 */

// Node's socket errors when the server cannot be reached or hangs up.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// PostgreSQL: class 08 (connection exception), shutting down / starting up, too many connections.
const SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
// pg and knex say it in words only: a dropped connection, a pool that cannot hand one out.
const MESSAGES = /Connection terminated|PGlite is closed|connection error and is not queryable|Timeout acquiring a connection|Unable to acquire a connection|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, name, message, errors, cause } = error as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  if (Array.isArray(errors) && errors.some((item) => isDatabaseUnavailable(item, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
