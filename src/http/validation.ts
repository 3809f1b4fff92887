/**
 * Request validation with two Ajv instances: bodies are JSON and keep their types (a number sent
 * for a string field is a 400, never silently coerced), while query strings, path params and
 * headers arrive as text and are coerced to the schema's numbers and arrays.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { useDefaults: true, removeAdditional: false, allErrors: false, strict: false };

/**
 * For Fastify's `schemaController.compilersFactory.buildValidator`: installed there (not with
 * `setValidatorCompiler`) so that plugins which add shared schemas keep using it.
 */
export function buildRequestValidator() {
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
}
