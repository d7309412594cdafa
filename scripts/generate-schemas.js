// Writes schemas/<kind>.schema.json from the zod schemas (run: npm run schemas).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_KINDS, jsonSchemaText } from '../dist/calendar/json-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'schemas'), { recursive: true });
for (const kind of SCHEMA_KINDS) {
  const file = join(root, 'schemas', `${kind}.schema.json`);
  writeFileSync(file, jsonSchemaText(kind));
  console.log(`wrote ${file}`);
}
