/** The published JSON Schema of the sweep file (`schemas/sweep.schema.json`), made as the experiment file's is. */
import { toJsonSchema } from '../experiment/jsonSchema';
import { SweepSchema } from './sweepSchema';

export function sweepJsonSchemaText(): string {
  const schema = {
    ...(toJsonSchema(SweepSchema) as Record<string, unknown>),
    $id: 'https://gan-workbench.dev/schemas/sweep.schema.json',
    title: 'GAN Workbench sweep',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
