// Validates a workspace export against its published JSON Schema (draft 2020-12) with ajv, an independent validator.
// Usage: node validate-export.mjs <schema.json> <document.json>; prints "valid" or the errors as JSON, exit 0 or 1.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const [schemaPath, documentPath] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
if (validate(JSON.parse(readFileSync(documentPath, 'utf8')))) {
  console.log('valid');
} else {
  console.log(JSON.stringify(validate.errors));
  process.exit(1);
}
