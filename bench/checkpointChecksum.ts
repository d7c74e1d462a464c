/**
 * Why checkpoints record a SHA-256 and not a CRC32 (issue 20): the time to checksum weights.bin of a
 * typical checkpoint, against the time to write the checkpoint, for the examples' networks. Run:
 * `npx tsx bench/checkpointChecksum.ts`. Both hashes are Node built-ins (node:crypto, node:zlib).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { validateExperiment } from '../src/shared/experiment/validate';
import type { DataShape } from '../src/shared/runFormat';
import { selectBackend } from '../src/training/backend';
import { createGan } from '../src/training/gan';
import { Rng } from '../src/training/random';
import { saveCheckpoint } from '../src/training/run/checkpoint';
import { checkCheckpointSync } from '../src/shared/runDirectory/checkpointIntegrity';
import { TrainingStreams } from '../src/training/streams';
import { tempDir } from '../test/helpers/experiments';

const crc32 = (zlib as unknown as { crc32: (data: Uint8Array) => number }).crc32;

/** Median milliseconds of `f` over `rounds` runs. */
async function median(rounds: number, f: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

async function main(): Promise<void> {
  await selectBackend('wasm');
  const examples: [name: string, shape: DataShape][] = [
    ['ring8-nonsaturating', { dim: 2 }],
    ['mnist-dcgan', { dim: 784, image: { height: 28, width: 28, channels: 1 } }],
  ];
  console.log('| checkpoint | weights.bin | SHA-256 | CRC32 | save (write + SHA-256) | check on load (read, size, SHA-256, finite) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, shape] of examples) {
    const text = readFileSync(join(__dirname, '..', 'examples', `${name}.gan.json`), 'utf8');
    const result = validateExperiment(text);
    if (!result.ok) throw new Error(`${name}: invalid`);
    const gan = createGan(result.config, shape, new Rng(1));
    const dir = tempDir();
    const states = new TrainingStreams(new Rng(1)).states();
    let step = 0;
    const save = await median(11, () => saveCheckpoint(dir, ++step, gan, states, 1));
    await saveCheckpoint(dir, ++step, gan, states, 1);
    const folder = join(dir, `step-${String(step).padStart(8, '0')}`);
    const bytes = readFileSync(join(folder, 'weights.bin'));
    const rounds = bytes.byteLength > 1e6 ? 21 : 201;
    const sha = await median(rounds, () => createHash('sha256').update(bytes).digest('hex'));
    const crc = await median(rounds, () => crc32(bytes));
    const check = await median(rounds > 100 ? 51 : 11, () => checkCheckpointSync(folder));
    const size = statSync(join(folder, 'weights.bin')).size;
    const kb = size > 1e6 ? `${(size / 1e6).toFixed(1)} MB` : `${(size / 1e3).toFixed(1)} kB`;
    console.log(`| ${name} | ${kb} | ${sha.toFixed(3)} ms | ${crc.toFixed(3)} ms | ${save.toFixed(1)} ms | ${check.toFixed(2)} ms |`);
    gan.dispose();
  }
}

void main();
