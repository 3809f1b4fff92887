/** The OpenAPI document (generated from the route schemas) at /openapi.json, browsable at /docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { VERSION } from '../../version.js';

export const openApi = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'calls-api',
          version: VERSION,
          description: 'The record of every AI call-center interaction, over an Elemente.ai-compatible v1 Calls API.',
        },
        components: {
          securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'username = API key id, password = its secret' } },
        },
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${String(i)}`),
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // The UI's own CSP (same-origin scripts and styles), minus upgrade-insecure-requests, which
      // would break the page on a plain-HTTP deployment.
      staticCSP: true,
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    });
    app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  },
  { name: 'openapi' },
);
