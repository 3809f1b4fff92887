/**
 * Security headers on every answer, errors and 404s included. The API serves JSON only, so its
 * CSP allows nothing; /docs sets its own. No CORS plugin: browsers on other origins get no
 * Access-Control-Allow-Origin, which is the safe default for a Basic-auth API.
 */
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * helmet's middleware, built once (the Fastify wrapper rebuilt it, directives parsing included,
 * on every request); also applied to the answers Fastify gives before any hook runs.
 */
export const applySecurityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
});

export const securityHeaders = fp(
  (app) => {
    app.addHook('onRequest', (request, reply, done) => {
      applySecurityHeaders(request.raw, reply.raw, (err?: unknown) => {
        done(err instanceof Error ? err : undefined);
      });
    });
  },
  { name: 'security-headers' },
);
