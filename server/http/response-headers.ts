import type { onRequestHookHandler, onSendHookHandler } from 'fastify';

/**
 * Nothing we answer is cacheable unless its route says so (static assets, the favicon and the
 * docs' own files set their Cache-Control). API replies carry a user's data or a fresh session
 * token, and a shared proxy or the browser's disk must not keep them: `no-store`, for errors too.
 */
export const noStoreUnlessSet: onSendHookHandler = function noStoreUnlessSet(_request, reply, payload, done) {
  // A callback, not an async function: every reply passes here, and a promise each costs more than the check.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  done(null, payload);
};

/**
 * The API docs' page (@fastify/swagger-ui) with the plugin's own CSP (default-src 'self' and
 * hashes of its scripts), changed in two places: no site may frame it (the plugin allows
 * 'self'), and no upgrade-insecure-requests, which would send the page's own assets to https on
 * an http origin (the local portal mode runs on http://localhost).
 */
export function docsContentSecurityPolicy(header: string): string {
  return header
    .replace(/frame-ancestors [^;]*;?/, "frame-ancestors 'none';")
    .replace(/\s*upgrade-insecure-requests;?/, '')
    .trim();
}

/**
 * The security headers every reply carries: what @fastify/helmet sends with our options (no
 * X-Frame-Options, since framing is governed per page by CSP frame-ancestors, see http/pages.ts;
 * no global CSP; no Cross-Origin-Embedder-Policy), written down once. The plugin built Helmet's
 * whole middleware chain anew for every request, in two hooks, to set the same twelve constant
 * headers; that cost more than the session check. The test response-headers holds this list equal
 * to the plugin's, so a Helmet upgrade that changes a default shows up there.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** Sets SECURITY_HEADERS on a reply before anything else runs; a route may still replace one. */
export const securityHeaders: onRequestHookHandler = function securityHeaders(_request, reply, done) {
  reply.headers(SECURITY_HEADERS);
  done();
};
