import assert from 'node:assert/strict';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonlTail } from '../../src/extension/feeds/jsonlTail';
import { RECORD_CHECKS } from '../../src/extension/trainingRuns/runSnapshot';
import type { RunEvent } from '../../src/shared/runFormat';
import { event } from '../helpers/feedFixture';
import { tempDir } from '../helpers/experiments';

const line = (e: RunEvent) => Buffer.from(`${JSON.stringify(e)}\n`, 'utf8');

/** What a read returned, which must be records. */
async function recordsOf(tail: JsonlTail<RunEvent>): Promise<RunEvent[]> {
  const read = await tail.read();
  assert.notEqual(read, 'resync');
  return read as RunEvent[];
}

describe('JsonlTail: following a JSONL file from a byte offset', () => {
  let file: string;
  beforeEach(() => {
    file = join(tempDir('gan-tail-'), 'events.jsonl');
    writeFileSync(file, '');
  });

  it('decodes a character split between two reads whole (é, 模)', async () => {
    const tail = new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0);
    const bytes = line(event(1, 'é模 done'));
    // Every split inside a multi-byte character: 'é' is 2 bytes, '模' 3.
    const starts = [bytes.indexOf(Buffer.from('é')), bytes.indexOf(Buffer.from('模'))];
    for (const cut of [starts[0]! + 1, starts[1]! + 1, starts[1]! + 2]) {
      writeFileSync(file, '');
      tail.restart(0);
      appendFileSync(file, bytes.subarray(0, cut));
      assert.deepEqual(await tail.read(), [], 'nothing before the newline');
      appendFileSync(file, bytes.subarray(cut));
      assert.deepEqual(
        (await recordsOf(tail)).map((e) => e.message),
        ['é模 done'],
        `split at byte ${cut}`,
      );
    }
  });

  it('decodes characters split between chunks of one read', async () => {
    const records = [event(1, 'é'), event(2, '模型'), event(3, 'naïve — ok')];
    writeFileSync(file, Buffer.concat(records.map(line)));
    for (let chunk = 1; chunk <= 9; chunk++) {
      const tail = new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0, chunk);
      assert.deepEqual(await tail.read(), records, `chunks of ${chunk} bytes`);
    }
  });

  it('holds a last line back until its newline is written', async () => {
    const tail = new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0);
    const text = JSON.stringify(event(1, 'first'));
    appendFileSync(file, text.slice(0, 10));
    assert.deepEqual(await tail.read(), []);
    appendFileSync(file, text.slice(10));
    assert.deepEqual(await tail.read(), [], 'whole JSON, but no newline yet');
    appendFileSync(file, `\n${JSON.stringify(event(2, 'second')).slice(0, 5)}`);
    assert.deepEqual(
      (await recordsOf(tail)).map((e) => e.message),
      ['first'],
    );
    assert.deepEqual(await tail.read(), [], 'a read with nothing new returns nothing');
  });

  it('starts at its offset and returns each record once', async () => {
    appendFileSync(file, Buffer.concat([line(event(1, 'old')), line(event(2, 'old too'))]));
    const tail = new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, line(event(1, 'old')).length);
    appendFileSync(file, line(event(3, 'new')));
    assert.deepEqual(
      (await recordsOf(tail)).map((e) => e.step),
      [2, 3],
    );
    assert.deepEqual(await tail.read(), []);
  });

  it('reads a replaced or shortened file from its start', async () => {
    appendFileSync(file, Buffer.concat([line(event(1, 'a')), line(event(2, 'b'))]));
    const tail = new JsonlTail<RunEvent>(file, RECORD_CHECKS.events, 0);
    assert.equal((await tail.read()).length, 2);
    writeFileSync(file, line(event(1, 'shorter')));
    assert.deepEqual(
      (await recordsOf(tail)).map((e) => e.message),
      ['shorter'],
    );
    const other = `${file}.tmp`;
    writeFileSync(other, Buffer.concat([line(event(1, 'x')), line(event(2, 'y')), line(event(3, 'z'))]));
    renameSync(other, file);
    assert.deepEqual(
      (await recordsOf(tail)).map((e) => e.message),
      ['x', 'y', 'z'],
    );
  });

  it('returns nothing for a file that does not exist yet, then its records', async () => {
    const missing = join(tempDir('gan-tail-'), 'quality.jsonl');
    const tail = new JsonlTail<RunEvent>(missing, RECORD_CHECKS.events, 0);
    assert.deepEqual(await tail.read(), []);
    writeFileSync(missing, line(event(4, 'late')));
    assert.deepEqual(
      (await recordsOf(tail)).map((e) => e.step),
      [4],
    );
  });
});
