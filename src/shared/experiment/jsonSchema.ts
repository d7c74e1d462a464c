/**
 * Turns the TypeBox definition into the published JSON Schema (draft-07, as VS Code's JSON
 * language service reads it). Properties with a default, and Optional ones, may be left out of the file.
 *
 * In VS Code the extension validates experiment files itself (they are its own language, not JSON:
 * `languageFeatures.ts`); this file serves other editors, JSON tools and a `$schema` reference. For
 * them each property's `markdownDescription` carries its default and range (as the extension's
 * hover does), and a union's `kind` says which kinds there are when it matches none (the JSON
 * language service would otherwise name one variant's kind: `Value must be "ring"`).
 */
import type { TSchema } from '@sinclair/typebox';
import { ExperimentSchema } from './schema';
import { escapeMarkdown, factsLine, kindVariants, schemaFacts, type SchemaLike } from './schemaDocs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isNode = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function convert(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(convert);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'default' ? value : convert(value);
  // VS Code shows markdownDescription (in preference to description) on hover and in completions.
  if (typeof out.description === 'string') out.markdownDescription = escapeMarkdown(out.description);
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
    // Hover and completion in a JSON editor: the default and the range after the description.
    for (const [name, property] of Object.entries(properties)) {
      // A variant's `kind` (a const) keeps its description: it says what that kind is.
      if (!isNode(property) || typeof property.markdownDescription !== 'string' || 'const' in property) continue;
      const facts = factsLine(schemaFacts(property as SchemaLike, !required.includes(name)));
      if (facts) property.markdownDescription = `${property.markdownDescription}\n\n${facts}`;
    }
  }
  const variants = kindVariants(out as SchemaLike);
  if (variants) {
    const kinds = variants.map((v) => JSON.stringify(v.kind)).join(', ');
    for (const { variant } of variants) {
      const kind = (variant.properties as { [key: string]: Json }).kind;
      if (isNode(kind)) kind.errorMessage = `kind must be one of ${kinds}`;
    }
  }
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
