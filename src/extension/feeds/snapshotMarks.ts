/**
 * The trainer appends each record to its file before it sends it, so a record can reach a live
 * feed by IPC after a snapshot has read it from disk. The marks remember, per kind, the newest
 * step the snapshot holds and the records at that step (there can be several events at one step):
 * an older record, or one of those, is dropped, until the first new one arrives (records of one
 * kind come in step order, on disk and over IPC alike). Pure (no I/O).
 */
import { JSONL_NAMES, type JsonlName } from '../trainingRuns/runSnapshot';

interface Mark {
  step: number;
  /** The snapshot's records at `step` (JSON text → how many). */
  atStep: Map<string, number>;
}

type Records = Record<JsonlName, readonly { step: number }[]>;

export class SnapshotMarks {
  private readonly marks = new Map<JsonlName, Mark>();

  constructor(snapshot: Records) {
    for (const kind of JSONL_NAMES) {
      const records = snapshot[kind];
      const last = records[records.length - 1];
      if (!last) continue;
      const atStep = new Map<string, number>();
      for (const r of records) {
        if (r.step !== last.step) continue;
        const text = JSON.stringify(r);
        atStep.set(text, (atStep.get(text) ?? 0) + 1);
      }
      this.marks.set(kind, { step: last.step, atStep });
    }
  }

  /** Whether `record` is new to the view, i.e. not in the snapshot. */
  isNew(kind: JsonlName, record: { step: number }): boolean {
    const mark = this.marks.get(kind);
    if (!mark) return true;
    if (record.step < mark.step) return false;
    if (record.step === mark.step) {
      const text = JSON.stringify(record);
      const left = mark.atStep.get(text) ?? 0;
      if (left > 0) {
        mark.atStep.set(text, left - 1);
        return false;
      }
    }
    this.marks.delete(kind);
    return true;
  }
}
