export { SchemaValidator, defaultSchemaValidator } from './schema-validator';
export type { SchemaViolation } from './schema-violation';
