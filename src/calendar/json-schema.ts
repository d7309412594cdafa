import { z } from 'zod';
import { SCHEMAS, type SchemaKind } from './schema.js';

// JSON Schemas for editors, generated from the same zod source the loader validates with.

/**
 * Each schema's `$id`. A URN, not a URL: the schemas ship in the package (editors load them from
 * node_modules/socialcal/schemas/), and an address on a domain we do not hold could be taken.
 */
export function schemaId(kind: SchemaKind): string {
  return `urn:socialcal:schema:${kind}`;
}

export function jsonSchema(kind: SchemaKind): Record<string, unknown> {
  const schema = z.toJSONSchema(SCHEMAS[kind], { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, $id: schemaId(kind), title: `socialcal ${kind}`, ...rest };
}

export function jsonSchemaText(kind: SchemaKind): string {
  return JSON.stringify(jsonSchema(kind), null, 2) + '\n';
}

export const SCHEMA_KINDS = Object.keys(SCHEMAS) as SchemaKind[];
