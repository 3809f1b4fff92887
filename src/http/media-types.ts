/** The Content-Type of every JSON answer (Fastify's own default for JSON, spelled out once). */
export const JSON_UTF8 = 'application/json; charset=utf-8';
