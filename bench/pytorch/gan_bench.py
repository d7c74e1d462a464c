"""PyTorch side of bench/vsPytorch.ts: answers one JSON request per stdin line with one JSON line.

{"cmd": "hello"} → versions.
{"cmd": "speed", "model": "parabola"|"ring8"|"dcgan", "threads": n, "seconds": s, "warmup": w,
  "metricsEvery": m, "seed": k}
  → steps per second of wall time and of the process's CPU time (all threads) of the training step (fresh networks; w untimed steps first; losses read every 50
  steps, as the trainer records metrics).
{"cmd": "quality", "seed": k, "steps": n, "samples": m} → the parabola toy trained n steps with the
  seed's settings, then m generated curves (flat, 15 per curve) for the caller's quality metrics.
"""

import json
import os
import sys
import time

import torch

from models import Spec

def set_threads(n):
    torch.set_num_threads(n)


def speed(req):
    set_threads(req["threads"])
    torch.manual_seed(req.get("seed", 1))
    spec = Spec(req["model"])
    for _ in range(req.get("warmup", 10)):
        spec.step()
    metrics_every = req.get("metricsEvery", 50)
    steps = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    deadline = start + req["seconds"]
    while True:
        d_loss, g_loss = spec.step()
        steps += 1
        if steps % metrics_every == 0:
            d_loss.item(), g_loss.item()
        now = time.perf_counter()
        if now >= deadline and steps >= req.get("minSteps", 3):
            break
    cpu = time.process_time() - cpu_start
    return {"steps": steps, "seconds": now - start, "stepsPerSecond": steps / (now - start), "stepsPerCpuSecond": steps / cpu}


def quality(req):
    set_threads(req.get("threads", 1))
    torch.manual_seed(req["seed"])
    spec = Spec("parabola")
    for _ in range(req["steps"]):
        spec.step()
    with torch.no_grad():
        curves = spec.g(spec.z(req["samples"]))
    return {"curves": [round(v, 6) for v in curves.flatten().tolist()], "dim": curves.shape[1]}


def loaded_blas():
    """The BLAS shared library this process mapped (Debian's torch uses whichever libblas.so.3 is selected)."""
    torch.ones(2, 2) @ torch.ones(2, 2)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "lapack" not in line and "/" in line}
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "unknown"


def hello(_req):
    return {"torch": torch.__version__, "python": sys.version.split()[0], "blas": loaded_blas()}


HANDLERS = {"hello": hello, "speed": speed, "quality": quality}


def main():
    torch.set_num_interop_threads(1)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            out = {"ok": True, **HANDLERS[req["cmd"]](req)}
        except Exception as e:  # reported to the caller, which stops with the message
            out = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
