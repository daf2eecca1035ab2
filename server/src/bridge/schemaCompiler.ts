/**
 * The one ajv instance that compiles the bridge's JSON schemas: commands (REST and WebSocket) and the simulator
 * routes' bodies. Unlike Fastify's defaults it neither coerces types nor removes fields: a number is not a ConnID,
 * and the `request` an EventError echoes must be what the client sent.
 */
import Ajv from 'ajv';

export const schemaCompiler = new Ajv({
  discriminator: true,
  allErrors: false,
  strict: true,
  allowUnionTypes: true,
  coerceTypes: false,
  removeAdditional: false,
});
