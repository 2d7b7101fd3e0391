import type { FastifyInstance } from 'fastify';

/**
 * The web app's pages: scripts, styles and fonts only from its own files (no inline script or
 * `<style>`; React sets style properties through the DOM, which CSP allows), pictures and media
 * from the API or from the browser's own object URLs (an attachment's preview), and no framing.
 */
export const APP_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI at /api/docs: its own files too, but it adds `<style>` elements and draws its icons as data: URLs. */
export const DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sends a Content-Security-Policy with every HTML response: the app's pages, and the API docs with
 * theirs. A route that set its own keeps it (a customer's HTML document is served sandboxed).
 */
export function registerContentSecurityPolicy(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('text/html') || reply.hasHeader('content-security-policy')) return;
    reply.header('content-security-policy', request.url.startsWith('/api/docs') ? DOCS_POLICY : APP_POLICY);
  });
}
