// node openapi_check.mjs <base-url>
// Fetches <base-url>/api/v1/openapi.json and validates it as an OpenAPI 3 document with
// @apidevtools/swagger-parser (schema and references), then checks that every documented path that
// takes no parameters is served by the frontend (answers anything but 404) and that the readable
// page /api/docs names every operation. Exit status 0 when all holds; the reasons otherwise.
import SwaggerParser from '@apidevtools/swagger-parser';

const base = process.argv[2];
if (!base) {
  console.error('usage: node openapi_check.mjs <base-url>');
  process.exit(2);
}

const failures = [];
const response = await fetch(`${base}/api/v1/openapi.json`);
if (response.status !== 200) {
  console.error(`GET /api/v1/openapi.json answered ${response.status}`);
  process.exit(1);
}
const document = await response.json();
try {
  await SwaggerParser.validate(structuredClone(document));
} catch (e) {
  failures.push(`not a valid OpenAPI document: ${e.message}`);
}

const docs = await (await fetch(`${base}/api/docs`)).text();
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!docs.includes(`id="${operation.operationId}"`)) {
      failures.push(`/api/docs does not show ${method.toUpperCase()} ${path}`);
    }
    if (path.includes('{')) continue;
    const init = { method: method.toUpperCase() };
    if (method === 'post') {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = '{}';
    }
    const answer = await fetch(`${base}${path}`, init);
    if (answer.status === 404) {
      failures.push(`${method.toUpperCase()} ${path} is documented but answers 404`);
    }
  }
}

if (failures.length > 0) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
console.log(`openapi_check: ${Object.keys(document.paths).length} paths valid and served`);
