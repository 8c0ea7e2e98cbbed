import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The app's icon: a group of three people on the Bitrix24 accent blue. Browsers ask for
 * /favicon.ico on their own; answering it (with the SVG, which they all read) keeps a 404 out of
 * every page load and every log. The pages name /favicon.svg as their icon too.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#2fc6f6"/>
<circle cx="16" cy="11" r="4.2" fill="#fff"/>
<path d="M8.5 24.5c0-4.4 3.4-7.4 7.5-7.4s7.5 3 7.5 7.4z" fill="#fff"/>
<circle cx="7.6" cy="13.4" r="2.8" fill="#fff" opacity=".75"/>
<circle cx="24.4" cy="13.4" r="2.8" fill="#fff" opacity=".75"/>
<path d="M2.8 22.8c0-3 2.1-5 4.8-5 1.2 0 2.3.4 3.1 1.1-1.5 1.2-2.4 3-2.6 4.9zM29.2 22.8c0-3-2.1-5-4.8-5-1.2 0-2.3.4-3.1 1.1 1.5 1.2 2.4 3 2.6 4.9z" fill="#fff" opacity=".75"/>
</svg>
`;

export function faviconRoutes(app: FastifyInstance): void {
  const send = async (_request: unknown, reply: FastifyReply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG);
  app.get('/favicon.ico', { schema: { hide: true } }, send);
  app.get('/favicon.svg', { schema: { hide: true } }, send);
}
