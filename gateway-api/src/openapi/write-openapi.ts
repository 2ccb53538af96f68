/**
 * Writes the generated OpenAPI document to gateway-api/openapi.json (checked in, so API changes show
 * in review). `npm run openapi -w gateway-api`; a test fails when the file and the code drift apart.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openApiDocument } from './gateway-document';

export const OPENAPI_FILE = path.join(__dirname, '..', '..', 'openapi.json');

export function renderOpenApi(): string {
  return JSON.stringify(openApiDocument, null, 2) + '\n';
}

if (require.main === module) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}
