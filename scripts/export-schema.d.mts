// Types of scripts/export-schema.mjs, for the tests that import it.
import type { JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type * as exportSchema from '../lib/export/schema';

export declare const SCHEMA_PATH: string;
export declare function assertChecksStated(schema: v.GenericSchema): void;
export declare function convert(schema: v.GenericSchema, definitions?: Record<string, v.GenericSchema>): JsonSchema;
export declare function exportJsonSchema(schemas: typeof exportSchema): JsonSchema;
