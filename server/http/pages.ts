import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { projectRoot } from '../project-root';

/**
 * HTML pages are templates with one placeholder for the boot data the client reads.
 * The boot data never holds a secret beyond the short-lived session token.
 */
const templates = new Map<string, string>();

function template(file: string): string {
  let text = templates.get(file);
  if (text === undefined) {
    text = fs.readFileSync(path.join(projectRoot(), file), 'utf8');
    if (process.env.NODE_ENV === 'production') templates.set(file, text);
  }
  return text;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderPage(file: 'client/index.html' | 'install.html', boot: Record<string, unknown>): string {
  return template(file).replace('<!--BOOT-->', `<script>window.__BOOT__=${scriptJson(boot)}</script>`);
}

/**
 * The app lives in the portal's iframe: only that portal's origin may frame it, and
 * X-Frame-Options (which cannot name an origin) must not be sent.
 */
export function sendHtml(reply: FastifyReply, html: string, frameOrigin: string | null): FastifyReply {
  reply.removeHeader('x-frame-options');
  reply.header('content-security-policy', `frame-ancestors ${frameOrigin ?? "'none'"}`);
  reply.header('cache-control', 'no-store');
  return reply.type('text/html; charset=utf-8').send(html);
}
