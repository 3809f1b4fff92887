/**
 * Security headers on every answer, errors and 404s included. The API serves JSON only, so its
 * CSP allows nothing; /docs sets its own. No CORS plugin: browsers on other origins get no
 * Access-Control-Allow-Origin, which is the safe default for a Basic-auth API.
 */
import fp from 'fastify-plugin';
import helmet from 'helmet';

export const securityHeaders = fp(
  async (app) => {
    // helmet's middleware is built once here and applied in one hook (the Fastify wrapper rebuilt
    // it, directives parsing included, on every request).
    const headers = helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    });
    app.addHook('onRequest', (request, reply, done) => {
      headers(request.raw, reply.raw, (err?: unknown) => {
        done(err instanceof Error ? err : undefined);
      });
    });
  },
  { name: 'security-headers' },
);
