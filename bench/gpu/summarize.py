"""Summarises what bench/gpu/mnistGpu.sh ran into OUT/results.json and OUT/results.md.

usage: summarize.py WORK OUT [--steps N] [--threshold FRECHET]

Per run (the trainer's, WORK/tfjs/seedK/<name>/<run id>/; PyTorch's, WORK/pytorch/seedK/): steps done,
steps/s of training, and at every evaluation the learned metric (the trainer's quality.jsonl; the
PyTorch dumps scored by bench/mnistScore.ts) with the seconds of training and of wall time it took to
get there; the first evaluation at or below the Fréchet threshold.

Seconds of training exclude evaluations. PyTorch times them itself (evals.jsonl). The trainer's
metrics.jsonl holds wall time only: an interval that starts where the trainer evaluates (histograms,
samples and quality, checkpoints) counts as its steps at the median rate of the intervals that do not.
"""

import argparse
import glob
import json
import os
import statistics

METRICS = ("frechetDistance", "kernelDistance", "precision", "recall", "classesCovered", "classifierScore", "classKl")
LEVELS = (
    "realFrechetDistance",
    "noiseFrechetDistance",
    "realKernelDistance",
    "realPrecision",
    "realRecall",
    "realClassifierScore",
)
VERDICTS = ("completed", "stopped", "failed", "diverged", "gan-train:", "not started")


def read_jsonl(path):
    """The complete lines of a JSON-lines file (a run killed mid-write leaves a partial last line)."""
    if not os.path.exists(path):
        return []
    records = []
    for line in open(path).read().split("\n")[:-1]:
        try:
            records.append(json.loads(line))
        except ValueError:
            pass
    return records


def read_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def tail(path, lines=3):
    try:
        return open(path, errors="replace").read().strip().split("\n")[-lines:]
    except OSError:
        return []


def outcome(path):
    """A trainer log's verdict: gan-train's last status line (completed, failed: why, …), else its last line."""
    try:
        text = open(path, errors="replace").read().strip().split("\n")
    except OSError:
        return None
    verdicts = [line for line in text if line.startswith(VERDICTS)]
    return verdicts[-1] if verdicts else text[-1]


def evaluation(step, train_seconds, wall_seconds, metrics):
    row = {"step": step, "trainSeconds": round(train_seconds, 2), "wallSeconds": round(wall_seconds, 2)}
    row.update({k: metrics[k] for k in METRICS if k in metrics})
    return row


def first_below(evals, threshold):
    if threshold is None:
        return None
    for row in evals:
        if row.get("frechetDistance", float("inf")) <= threshold:
            return {k: row[k] for k in ("step", "trainSeconds", "wallSeconds")}
    return None


def levels_of(records):
    for metrics in records:
        found = {k: metrics[k] for k in LEVELS if k in metrics}
        if found:
            return found
    return {}


def trainer_run(work, seed, stagger, threshold):
    log = os.path.join(work, "tfjs", f"seed{seed}.log")
    dirs = glob.glob(os.path.join(work, "tfjs", f"seed{seed}", "*", "*", "run.json"))
    run = {"framework": "tfjs", "seed": seed, "outcome": outcome(log), "log": tail(log)}
    if not dirs:
        run["status"] = "no run directory"
        return run
    folder = os.path.dirname(dirs[0])
    meta = read_json(dirs[0]) or {}
    config = read_json(os.path.join(folder, "experiment.json")) or {}
    logging = config.get("logging", {})
    backend = meta.get("backend") or {}
    run.update(status=meta.get("status"), error=meta.get("error"), backend=backend.get("name"), device=backend.get("device"))
    metrics = read_jsonl(os.path.join(folder, "metrics.jsonl"))
    quality = read_jsonl(os.path.join(folder, "quality.jsonl"))
    run["stepsDone"] = metrics[-1]["step"] if metrics else 0
    if not metrics:
        return run

    evaluated_every = [logging.get(k, 0) for k in ("histogramsEvery", "samplesEvery", "checkpointEvery")]
    intervals = []  # (step, steps, seconds, clean, end time ms)
    prev_step, prev_elapsed = 0, 0.0
    for record in metrics:
        steps, seconds = record["step"] - prev_step, record["elapsed"] - prev_elapsed
        clean = not any(every > 0 and prev_step % every == 0 for every in evaluated_every)
        intervals.append((record["step"], steps, seconds, clean and seconds > 0, record["time"]))
        prev_step, prev_elapsed = record["step"], record["elapsed"]
    rates = [steps / seconds for _, steps, seconds, clean, _ in intervals if clean]
    rate = statistics.median(rates) if rates else None
    run["stepsPerSecond"] = round(rate, 2) if rate else None
    if stagger and rate:
        started = stagger["othersStartedMs"]
        solo = [s / t for _, s, t, clean, end in intervals if clean and end < started]
        pairs = zip(intervals[1:], intervals)  # each interval with the one before, whose end is its beginning
        beside = [s / t for (_, s, t, clean, _), (_, _, _, _, begin) in pairs if clean and begin >= started]
        run["stepsPerSecondAlone"] = round(statistics.median(solo), 2) if solo else None
        run["stepsPerSecondWithOthers"] = round(statistics.median(beside), 2) if beside else None

    train_at, wall_at, total = {}, {}, 0.0
    for (step, steps, seconds, clean, _), record in zip(intervals, metrics):
        total += seconds if clean or not rate else steps / rate
        train_at[step], wall_at[step] = total, record["elapsed"]
    evals = [
        evaluation(q["step"], train_at[q["step"]], wall_at[q["step"]], q["metrics"])
        for q in quality
        if q["step"] in train_at and "frechetDistance" in q["metrics"]
    ]
    run.update(evals=evals, levels=levels_of(q["metrics"] for q in quality), threshold=first_below(evals, threshold))
    return run


def pytorch_run(work, seed, threshold):
    folder = os.path.join(work, "pytorch", f"seed{seed}")
    meta = read_json(os.path.join(folder, "run.json")) or {}
    evals_raw = read_jsonl(os.path.join(folder, "evals.jsonl"))
    scores = {s["step"]: s for s in read_jsonl(os.path.join(folder, "scores.jsonl"))}
    run = {
        "framework": "pytorch",
        "seed": seed,
        "device": meta.get("gpu") or meta.get("device"),
        "torch": meta.get("torch"),
        "log": tail(os.path.join(work, "pytorch", f"seed{seed}.log")),
        "scoreLog": tail(os.path.join(work, "pytorch", f"seed{seed}.score.log")),
        "stepsDone": evals_raw[-1]["step"] if evals_raw else 0,
    }
    if not evals_raw:
        return run
    last = evals_raw[-1]
    run["stepsPerSecond"] = round(last["step"] / last["trainSeconds"], 2)
    if len(evals_raw) > 1:
        first = evals_raw[0]
        seconds = last["trainSeconds"] - first["trainSeconds"]
        run["stepsPerSecondAfterFirstEval"] = round((last["step"] - first["step"]) / seconds, 2)
    evals = [
        evaluation(e["step"], e["trainSeconds"], e["wallSeconds"], scores[e["step"]]["metrics"])
        for e in evals_raw
        if e["step"] in scores
    ]
    run.update(evals=evals, levels=levels_of(s["metrics"] for s in scores.values()), threshold=first_below(evals, threshold))
    return run


def fmt(value, digits=2):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(summary):
    threshold = summary["threshold"]
    lines = [
        f"MNIST DCGAN (examples/mnist-dcgan.gan.json), {summary['steps']:,} steps, seeds {', '.join(map(str, summary['seeds']))}.",
        f"GPU: {summary['gpu'] or '—'}; trainer backend: {summary['trainerBackend'] or '—'} ({summary['adapter'] or 'no adapter'}).",
        "",
        "| run | seed | steps done | steps/s (training) | alone / beside the others | "
        + f"Fréchet at the end | best Fréchet | to Fréchet ≤ {fmt(threshold)}: step, training s, wall s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in summary["runs"]:
        evals = run.get("evals") or []
        best = min((e["frechetDistance"] for e in evals), default=None)
        reached = run.get("threshold")
        both = "—"
        if run["framework"] == "tfjs":
            both = f"{fmt(run.get('stepsPerSecondAlone'))} / {fmt(run.get('stepsPerSecondWithOthers'))}"
        lines.append(
            f"| {run['framework']} {run.get('backend') or run.get('device') or ''} | {run['seed']} | {fmt(run.get('stepsDone'))} | "
            + f"{fmt(run.get('stepsPerSecond'))} | {both} | {fmt(evals[-1]['frechetDistance'] if evals else None)} | {fmt(best)} | "
            + (f"{reached['step']:,}, {reached['trainSeconds']:.1f}, {reached['wallSeconds']:.1f} |" if reached else "— |")
        )
    for run in summary["runs"]:
        if run.get("status") not in ("completed", None) or (run["framework"] == "tfjs" and not run.get("stepsDone")):
            why = run.get("error") or run.get("outcome") or " / ".join(run.get("log") or [])
            lines.append(f"\n{run['framework']} seed {run['seed']}: {run.get('status') or 'did not run'}: {why}")
    lines += ["", "At the last evaluation (2,000 samples each):", ""]
    lines += ["| run | seed | step | " + " | ".join(METRICS) + " |", "| --- | --- | --- |" + " --- |" * len(METRICS)]
    for run in summary["runs"]:
        if run.get("evals"):
            last = run["evals"][-1]
            lines.append(
                f"| {run['framework']} | {run['seed']} | {last['step']:,} | " + " | ".join(fmt(last.get(k), 3) for k in METRICS) + " |"
            )
    for run in summary["runs"]:
        if run.get("levels"):
            lines += ["", "Reference levels: " + ", ".join(f"{k} {fmt(v, 3)}" for k, v in run["levels"].items())]
            break
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work")
    p.add_argument("out")
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--threshold", default="")
    args = p.parse_args()
    threshold = float(args.threshold) if args.threshold else None
    experiments = sorted(glob.glob(os.path.join(args.work, "experiments", "seed*.gan.json")))
    seeds = sorted(int(os.path.basename(e)[4:].split(".")[0]) for e in experiments)
    stagger = read_json(os.path.join(args.work, "tfjs", "stagger.json"))
    runs = [pytorch_run(args.work, s, threshold) for s in seeds]
    runs += [trainer_run(args.work, s, stagger, threshold) for s in seeds]
    pytorch_devices = [r["device"] for r in runs if r["framework"] == "pytorch" and r.get("device")]
    trainer = [r for r in runs if r["framework"] == "tfjs" and r.get("backend")]
    summary = {
        "steps": args.steps,
        "seeds": seeds,
        "threshold": threshold,
        "gpu": pytorch_devices[0] if pytorch_devices else None,
        "trainerBackend": trainer[0]["backend"] if trainer else None,
        "adapter": trainer[0].get("device") if trainer else None,
        "stagger": stagger,
        "runs": runs,
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(summary, f, indent=1)
    text = markdown(summary)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
