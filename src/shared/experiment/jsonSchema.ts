/**
 * Turns the TypeBox definition into the published JSON Schema (draft-07, as VS Code's JSON
 * language service reads it). Properties with a default, and Optional ones, may be left out of the file.
 */
import type { TSchema } from '@sinclair/typebox';
import { ExperimentSchema } from './schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A plain-text description as markdown: escapes what markdown would take as syntax (otherwise
 * `runs/<name>/` is shown as `runs//`, `<name>` being dropped as an HTML tag).
 */
const toMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>]/g, '\\$&');

function convert(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(convert);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'default' ? value : convert(value);
  const properties = out.properties;
  if (out.type === 'object' && properties && typeof properties === 'object' && !Array.isArray(properties)) {
    // TypeBox lists every property but its Optional ones as required; of those, one with a default may be left out too.
    const typeboxRequired = Array.isArray(out.required) ? out.required : [];
    const required = Object.entries(properties)
      .filter(
        ([name, p]) => typeboxRequired.includes(name) && p !== null && typeof p === 'object' && !Array.isArray(p) && !('default' in p),
      )
      .map(([name]) => name);
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  // VS Code shows markdownDescription (in preference to description) on hover and in completions.
  if (typeof out.description === 'string') out.markdownDescription = toMarkdown(out.description);
  return out;
}

export function toJsonSchema(root: TSchema = ExperimentSchema): Json {
  const body = convert(JSON.parse(JSON.stringify(root)) as Json) as { [key: string]: Json };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://gan-workbench.dev/schemas/experiment.schema.json',
    title: 'GAN Workbench experiment',
    ...body,
  };
}

export function jsonSchemaText(): string {
  return `${JSON.stringify(toJsonSchema(), null, 2)}\n`;
}
