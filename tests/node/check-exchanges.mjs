// Holds every request/response the test suite recorded (artifacts/openapi/exchanges/*.jsonl, written by
// ExchangeRecorder) against the OpenAPI document the suite saved (artifacts/openapi/v1.json): an API operation the
// document lacks, a status it does not list for the operation, or a JSON body its schema refuses is a failure.
// Usage: node check-exchanges.mjs <document> <exchanges folder>
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const [documentFile, folder] = process.argv.slice(2);
const document = JSON.parse(fs.readFileSync(documentFile, 'utf8'));
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
ajv.addSchema({ $id: 'albumi-openapi', components: document.components ?? {} });
const validators = new Map();

// Paths of the API (the document's business); pages, operator views and the dashboard are not in it by design.
const apiPrefixes = ['/v1/', '/auth/', '/s/', '/schemas/'];

function documentPath(route) {
  let p = route.replace(/\{([^}:?=]+)[^}]*\}/g, '{$1}');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p.startsWith('/') ? p : '/' + p;
}

function validatorFor(key, schema) {
  if (!validators.has(key)) {
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"albumi-openapi#/components/'));
    validators.set(key, ajv.compile(rewritten));
  }
  return validators.get(key);
}

const failures = new Map();
let checked = 0;
for (const file of fs.existsSync(folder) ? fs.readdirSync(folder) : []) {
  for (const line of fs.readFileSync(path.join(folder, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const exchange = JSON.parse(line);
    const p = documentPath(exchange.route);
    const method = exchange.method.toLowerCase();
    const operation = document.paths?.[p]?.[method];
    const what = `${exchange.method} ${p}`;
    if (!operation) {
      if (apiPrefixes.some(prefix => p.startsWith(prefix)) && method !== 'head' && method !== 'options') {
        failures.set(`${what} missing`, `${what}: the operation is not in the document`);
      }
      continue;
    }
    checked++;
    const status = String(exchange.status);
    const response = operation.responses?.[status] ?? operation.responses?.[`${status[0]}XX`] ?? operation.responses?.default;
    if (!response) {
      failures.set(`${what} ${status}`, `${what}: answered ${status}, which the document does not list (it lists ${Object.keys(operation.responses ?? {}).join(', ')})`);
      continue;
    }
    if (exchange.body == null) continue;
    const mediaType = (exchange.contentType ?? '').split(';')[0].trim();
    const content = response.content?.[mediaType];
    if (!content) {
      failures.set(`${what} ${status} ${mediaType}`, `${what}: answered ${status} with ${mediaType}, which the document does not describe for it (${Object.keys(response.content ?? {}).join(', ') || 'no body'})`);
      continue;
    }
    if (!content.schema) continue;
    let body;
    try { body = JSON.parse(exchange.body); } catch { continue; }
    const validate = validatorFor(`${method} ${p} ${status} ${mediaType}`, content.schema);
    if (!validate(body)) {
      const error = validate.errors?.[0];
      failures.set(`${what} ${status} schema ${error?.instancePath}`, `${what}: the ${status} body breaks its schema at ${error?.instancePath || '/'}: ${error?.message}`);
    }
  }
}

if (checked === 0) failures.set('none', 'No exchange was recorded: the suite did not run against in-process nodes, so nothing was checked.');
const list = [...failures.values()].sort();
for (const failure of list) console.log(failure);
console.log(`${checked} recorded exchanges checked against ${documentFile}: ${list.length} undocumented`);
process.exit(list.length > 0 ? 1 : 0);
