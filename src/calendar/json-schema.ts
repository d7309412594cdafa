import { z } from 'zod';
import { SCHEMAS, type SchemaKind } from './schema.js';

// JSON Schemas for editors, generated from the same zod source the loader validates with.

export function jsonSchema(kind: SchemaKind): Record<string, unknown> {
  const schema = z.toJSONSchema(SCHEMAS[kind], { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { title: `socialcal ${kind}`, ...schema };
}

export function jsonSchemaText(kind: SchemaKind): string {
  return JSON.stringify(jsonSchema(kind), null, 2) + '\n';
}

export const SCHEMA_KINDS = Object.keys(SCHEMAS) as SchemaKind[];
