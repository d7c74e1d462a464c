/**
 * The one definition of the sweep file (`*.sweep.json`): many trials of one experiment.
 *
 * As with experiments (`../experiment/schema.ts`), the TypeScript types (`Static`), the runtime
 * check (`validateSweep.ts`, through the experiment validator's schema walk) and the published JSON
 * Schema (`schemas/sweep.schema.json`) all come from these TypeBox objects.
 */
import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import type { QualityMetrics } from '../runFormat';

const kind = <K extends string>(k: K, description: string) => Type.Literal(k, { description });

/** A field of an experiment, as a dotted path with [index] for arrays: `optimizer.generator.lr`, `regularizers[0].std`. */
const path = Type.String({
  description:
    'The field of the experiment to vary, as a dotted path with [index] for list items: "optimizer.generator.lr", "loss.kind", "seed", "regularizers[0].std".',
  minLength: 1,
  maxLength: 200,
});

const count = Type.Integer({
  description: 'Points of the range a grid search takes, both ends included (random search draws from the whole range instead).',
  minimum: 1,
  maximum: 1000,
  default: 3,
});

export const ValuesParameter = Type.Object(
  {
    kind: kind('values', 'These exact values.'),
    path,
    values: Type.Array(Type.Unknown(), {
      description: 'The values the field takes, each as it would be written in the experiment file (numbers, strings, objects).',
      minItems: 1,
      maxItems: 1000,
    }),
  },
  { description: 'A field taking the listed values.' },
);

export const UniformParameter = Type.Object(
  {
    kind: kind('uniform', 'Evenly spaced (grid) or drawn uniformly (random) between min and max.'),
    path,
    min: Type.Number({ description: 'Lowest value.' }),
    max: Type.Number({ description: 'Highest value.' }),
    count,
    integer: Type.Boolean({ description: 'Round every value to an integer (a seed, a layer width).', default: false }),
  },
  { description: 'A numeric field over a range.' },
);

export const LogUniformParameter = Type.Object(
  {
    kind: kind('logUniform', 'Evenly spaced on a log scale (grid) or drawn log-uniformly (random) between min and max, both above 0.'),
    path,
    min: Type.Number({ description: 'Lowest value (above 0).', exclusiveMinimum: 0 }),
    max: Type.Number({ description: 'Highest value (above 0).', exclusiveMinimum: 0 }),
    count,
  },
  { description: 'A positive numeric field over a range on a log scale: learning rates, penalty weights.' },
);

export const SweepParameter = Type.Union([ValuesParameter, UniformParameter, LogUniformParameter], {
  description: 'One field of the experiment and the values it takes. Choose with "kind".',
});

export const GridSearch = Type.Object(
  { kind: kind('grid', 'Every combination of the parameters\' values (ranges take "count" points).') },
  { description: 'Every combination.' },
);

export const RandomSearch = Type.Object(
  {
    kind: kind('random', 'Each trial draws every parameter at random: values uniformly, ranges uniformly or log-uniformly.'),
    seed: Type.Integer({
      description: 'Seed of the draws: the same seed gives the same trials.',
      default: 1,
      minimum: 0,
      maximum: 2147483647,
    }),
    trials: Type.Integer({ description: 'Number of trials to draw.', minimum: 1, maximum: 1000 }),
  },
  { description: 'Random trials.' },
);

export const ListSearch = Type.Object(
  {
    kind: kind('list', 'Trial i takes the i-th value of every parameter (all parameters are "values" of the same length).'),
  },
  { description: 'An explicit list of trials.' },
);

export const Search = Type.Union([GridSearch, RandomSearch, ListSearch], {
  description: 'How the trials are made from the parameters. Choose with "kind".',
});

/** The quality metrics a sweep may rank by: every number of a quality record (quality.jsonl). */
export const OBJECTIVE_METRICS = [
  'modesCovered',
  'highQualityShare',
  'js',
  'kl',
  'wasserstein',
  'curveFitShare',
  'curveKs',
  'singleBlobShare',
  'meanInk',
  'shapeFitShare',
  'squareShare',
  'ellipseShare',
  'triangleShare',
  'frechetDistance',
  'kernelDistance',
  'precision',
  'recall',
  'classesCovered',
  'classKl',
  'classifierScore',
  'stackedModesCovered',
  'stackedKl',
  'labelAgreement',
] as const satisfies readonly (keyof QualityMetrics)[];
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

export const Objective = Type.Object(
  {
    metric: Type.Union(
      OBJECTIVE_METRICS.map((m) => Type.Literal(m)),
      {
        description:
          "The quality metric to rank trials by, from the run's last quality record: modesCovered, js (Jensen–Shannon, bits), frechetDistance (MNIST-like images), ….",
      },
    ) as TUnion<TLiteral<ObjectiveMetric>[]>,
    goal: Type.Union([Type.Literal('minimize'), Type.Literal('maximize')], {
      description: 'Whether a lower (minimize: js, frechetDistance) or a higher value (maximize: modesCovered) is better.',
    }),
  },
  { description: 'What ranks the trials.' },
);

const maxParallel = (description: string) => Type.Optional(Type.Integer({ description, minimum: 1, maximum: 10000 }));
const output = Type.Optional(
  Type.String({
    description:
      'Folder the sweep folder is created in (<output>/<sweep name>/<sweep id>/), relative to the sweep file or absolute. Default: sweeps/ beside the sweep file. For Slurm it must be storage every node mounts at the same path.',
    minLength: 1,
  }),
);

export const LocalExecutor = Type.Object(
  {
    kind: kind('local', 'Trainer processes on this machine.'),
    maxParallel: maxParallel('Trials that train at once; the others wait in a queue. Default: the number of CPU cores.'),
    output,
  },
  { description: 'Runs the trials on this machine.' },
);

export const SlurmExecutor = Type.Object(
  {
    kind: kind('slurm', 'One Slurm job array, one task per trial.'),
    maxParallel: maxParallel('Array tasks that run at once (sbatch --array=0-(N-1)%maxParallel). Default: all of them.'),
    partition: Type.Optional(Type.String({ description: "Partition (sbatch --partition). Default: the cluster's default.", minLength: 1 })),
    cpusPerTask: Type.Integer({
      description: 'CPUs of each task (sbatch --cpus-per-task); the wasm backend uses as many threads.',
      default: 1,
      minimum: 1,
      maximum: 1024,
    }),
    mem: Type.Optional(
      Type.String({ description: 'Memory of each task (sbatch --mem), e.g. "2G", "500M".', pattern: '^[0-9]+[KMGT]?$', minLength: 1 }),
    ),
    gpus: Type.Integer({ description: 'GPUs of each task (sbatch --gpus-per-task); 0 for none.', default: 0, minimum: 0, maximum: 64 }),
    time: Type.Optional(
      Type.String({
        description: 'Time limit of each task (sbatch --time): minutes, "HH:MM:SS" or "D-HH:MM:SS".',
        pattern: '^([0-9]+-)?[0-9]+(:[0-9]{2}){0,2}$',
        minLength: 1,
      }),
    ),
    sbatchArgs: Type.Array(Type.String({ minLength: 1 }), {
      description: 'More sbatch options, each one argument: ["--account=lab", "--qos=short"].',
      default: [],
      maxItems: 64,
    }),
    setup: Type.Array(Type.String(), {
      description: 'Shell lines the batch script runs before the trainer on each node: ["module load nodejs/20"].',
      default: [],
      maxItems: 64,
    }),
    node: Type.Optional(
      Type.String({ description: 'Node.js on the compute nodes. Default: the Node.js that submits the sweep.', minLength: 1 }),
    ),
    output,
  },
  { description: 'Submits the trials to a Slurm cluster.' },
);

export const Executor = Type.Union([LocalExecutor, SlurmExecutor], {
  description: 'Where the trials run. Choose with "kind".',
  default: { kind: 'local' },
});

export const SweepSchema = Type.Object({
  $schema: Type.String({ description: 'JSON Schema reference (ignored).', default: '' }),
  name: Type.Optional(
    Type.String({
      description: 'The sweep\'s name; default: the file name without .sweep.json. Letters, digits, ".", "_" and "-".',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$',
      minLength: 1,
      maxLength: 48,
    }),
  ),
  description: Type.String({ description: 'Free text.', default: '', maxLength: 2000 }),
  experiment: Type.String({ description: 'The base experiment file (*.gan.json), relative to this sweep file.', minLength: 1 }),
  search: Search,
  parameters: Type.Array(SweepParameter, {
    description: 'The fields of the experiment the trials vary.',
    minItems: 1,
    maxItems: 32,
  }),
  objective: Objective,
  executor: Executor,
});

export type Sweep = Static<typeof SweepSchema>;
export type SweepParameter = Static<typeof SweepParameter>;
export type SearchConfig = Static<typeof Search>;
export type ObjectiveConfig = Static<typeof Objective>;
export type ExecutorConfig = Static<typeof Executor>;
export type LocalExecutorConfig = Static<typeof LocalExecutor>;
export type SlurmExecutorConfig = Static<typeof SlurmExecutor>;
