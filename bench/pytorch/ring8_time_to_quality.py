"""Ring-8 time to quality in PyTorch: examples/ring8-nonsaturating.gan.json's recipe, trained until
8 of 8 modes are covered, by the trainer's own rule (src/training/quality/modeCoverage.ts).

Recipe: 8 Gaussians on a ring of radius 2, σ 0.02; z ~ N(0, I₂); G 2→128→128→2 with ReLU, D
2→128→128→1 with leaky ReLU 0.2; non-saturating loss; Adam 5e-4 (0.5, 0.999) for both; batch 256;
one D step per G step. Every EVAL_EVERY steps (the example's samplesEvery, 250) 2,048 fresh samples
are scored as the trainer scores them: each point goes to its nearest centre and counts when within
3σ of it; a mode is covered with at least 0.2 · 2048 / 8 such points.

usage: ring8_time_to_quality.py --seed K [--device cpu|cuda] [--threads N] [--max-steps 5000]
       [--eval-every 250] [--samples 2048]
Prints one JSON line: the seed, the device, threads, and for each evaluation the step, the modes
covered and the seconds of training (evaluations excluded) and of wall time so far; then the first
step with 8/8 modes (or null) and its times.
"""

import argparse
import json
import math
import time

import torch
from torch import nn

import models


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def modes_covered(points, centres, std, fraction=0.2):
    dist2 = torch.cdist(points, centres) ** 2
    nearest2, nearest = dist2.min(1)
    good = nearest2 <= (3 * std) ** 2
    counts = torch.bincount(nearest[good], minlength=centres.shape[0])
    threshold = max(1.0, fraction * points.shape[0] / centres.shape[0])
    return int((counts >= threshold).sum())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--max-steps", type=int, default=5000)
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--samples", type=int, default=2048)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    torch.manual_seed(a.seed)
    std, radius, batch = 0.02, 2.0, 256
    angles = torch.arange(8, dtype=torch.float32) * (2 * math.pi / 8)
    centres = torch.stack([radius * torch.cos(angles), radius * torch.sin(angles)], 1).to(device)
    g = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2)).to(device)
    d = nn.Sequential(
        nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2), nn.Linear(128, 1)
    ).to(device)
    g_opt = torch.optim.Adam(g.parameters(), lr=5e-4, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(d.parameters(), lr=5e-4, betas=(0.5, 0.999))

    def real():
        idx = torch.randint(0, 8, (batch,), device=device)
        return centres[idx] + std * torch.randn(batch, 2, device=device)

    evals, reached = [], None
    training = 0.0
    wall_start = time.perf_counter()
    step = 0
    while step < a.max_steps:
        sync(device)
        t0 = time.perf_counter()
        for _ in range(a.eval_every):
            fake = g(torch.randn(batch, 2, device=device))
            d_loss = models.discriminator_loss(d(real()), d(fake.detach()))
            d_opt.zero_grad(set_to_none=True)
            d_loss.backward()
            d_opt.step()
            g_loss = models.nonsaturating_generator_loss(d(g(torch.randn(batch, 2, device=device))))
            g_opt.zero_grad(set_to_none=True)
            g_loss.backward()
            g_opt.step()
            step += 1
        sync(device)
        training += time.perf_counter() - t0
        with torch.no_grad():
            covered = modes_covered(g(torch.randn(a.samples, 2, device=device)), centres, std)
        entry = {"step": step, "modes": covered, "trainingSeconds": round(training, 3), "wallSeconds": round(time.perf_counter() - wall_start, 3)}
        evals.append(entry)
        if covered == 8 and reached is None:
            reached = entry
            break
    print(json.dumps({"seed": a.seed, "device": str(device), "threads": torch.get_num_threads(), "torch": torch.__version__, "evals": evals, "reached": reached}))


if __name__ == "__main__":
    main()
