import type { onSendHookHandler } from 'fastify';

/**
 * Nothing we answer is cacheable unless its route says so (static assets, the favicon and the
 * docs' own files set their Cache-Control). API replies carry a user's data or a fresh session
 * token, and a shared proxy or the browser's disk must not keep them: `no-store`, for errors too.
 */
export const noStoreUnlessSet: onSendHookHandler = async function noStoreUnlessSet(_request, reply, payload) {
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return payload;
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
