"""The benchmark's GANs in PyTorch, built as the trainer builds them from the same experiment files.

parabola: the seed's toy (examples/parabola-minimax.gan.json): G 5→128→15, D 15→128→1, ReLU,
  minimax loss, Adam 1e-4 (0.9, 0.999), batch 64.
ring8: examples/ring8-nonsaturating.gan.json with 2 hidden layers of 256 (ReLU in G, leaky ReLU 0.2
  in D), non-saturating loss, Adam 5e-4 (0.5, 0.999), batch 256.
dcgan: examples/mnist-dcgan.gan.json's networks at width 64 on 28×28×1 images (dcgan_28 below);
  non-saturating, Adam 2e-4 (0.5, 0.999), batch 64. Real batches are a fixed pool of random images
  (the step's cost does not depend on their content).
"""

import math

import torch
from torch import nn
import torch.nn.functional as F


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


def parabola_x(points=15):
    return torch.linspace(-1.0, 1.0, points)


def dcgan_28(width, latent):
    """G and D of a `dcgan` experiment on 28×28×1 images with kernel 4 (src/training/models/dcgan*.ts).

    G: z → Linear (no bias: BN follows) → width·2 maps of 7×7 → BN, ReLU → ConvT(4, 2, 1) to width
    (no bias) → BN, ReLU → ConvT(4, 2, 1) to 1 → tanh. D: Conv(4, 2, 1) to width → leaky ReLU 0.2 →
    Conv(4, 2, 1) to width·2 → leaky ReLU 0.2 → flatten → Linear 1. PyTorch's default
    initialisation and BN (momentum 0.1, ε 1e-5) are what the trainer copies; "same" padding of a
    stride-2 kernel 4 is padding 1 on each side. The trainer's maps are NHWC and these NCHW: the
    projection's and the last Linear's units are a permutation of each other's, drawn alike.
    """
    g = nn.Sequential(
        nn.Linear(latent, 7 * 7 * 2 * width, bias=False),
        Reshape(2 * width, 7, 7),
        nn.BatchNorm2d(2 * width),
        nn.ReLU(),
        nn.ConvTranspose2d(2 * width, width, 4, 2, 1, bias=False),
        nn.BatchNorm2d(width),
        nn.ReLU(),
        nn.ConvTranspose2d(width, 1, 4, 2, 1),
        nn.Tanh(),
    )
    d = nn.Sequential(
        nn.Conv2d(1, width, 4, 2, 1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(width, 2 * width, 4, 2, 1),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(7 * 7 * 2 * width, 1),
    )
    return g, d


def discriminator_loss(real_logits, fake_logits):
    """D's loss of the minimax and the non-saturating GAN, as the trainer computes it:
    −log σ(l) = softplus(−l) on real logits, −log(1 − σ(l)) = softplus(l) on fake ones."""
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def nonsaturating_generator_loss(fake_logits):
    return F.softplus(-fake_logits).mean()


class Spec:
    """One model of the benchmark: networks, optimizers, losses and batch sampling."""

    def __init__(self, name):
        self.name = name
        if name == "parabola":
            self.batch, self.latent = 64, 5
            self.g = nn.Sequential(nn.Linear(5, 128), nn.ReLU(), nn.Linear(128, 15))
            self.d = nn.Sequential(nn.Linear(15, 128), nn.ReLU(), nn.Linear(128, 1))
            self.lr, self.betas, self.loss = 1e-4, (0.9, 0.999), "minimax"
            self.x2 = parabola_x() ** 2
        elif name == "ring8":
            self.batch, self.latent = 256, 2
            self.g = nn.Sequential(nn.Linear(2, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2))
            self.d = nn.Sequential(
                nn.Linear(2, 256), nn.LeakyReLU(0.2), nn.Linear(256, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1)
            )
            self.lr, self.betas, self.loss = 5e-4, (0.5, 0.999), "nonSaturating"
            angles = torch.arange(8) * (2 * math.pi / 8)
            self.centres = torch.stack([2 * torch.cos(angles), 2 * torch.sin(angles)], 1)
        elif name == "dcgan":
            self.batch, self.latent = 64, 64
            self.g, self.d = dcgan_28(width=64, latent=64)
            self.lr, self.betas, self.loss = 2e-4, (0.5, 0.999), "nonSaturating"
            self.pool = [torch.rand(64, 1, 28, 28) * 2 - 1 for _ in range(8)]
            self.drawn = 0
        else:
            raise ValueError(f"unknown model {name}")
        self.g_opt = torch.optim.Adam(self.g.parameters(), lr=self.lr, betas=self.betas)
        self.d_opt = torch.optim.Adam(self.d.parameters(), lr=self.lr, betas=self.betas)

    def real(self):
        if self.name == "parabola":
            a = torch.rand(self.batch, 1) + 1
            return a * self.x2 + (a - 1)
        if self.name == "ring8":
            modes = torch.randint(0, 8, (self.batch,))
            return self.centres[modes] + 0.02 * torch.randn(self.batch, 2)
        self.drawn += 1
        return self.pool[self.drawn % len(self.pool)]

    def z(self, n=None):
        return torch.randn(n or self.batch, self.latent)

    def d_loss(self, real_logits, fake_logits):
        return discriminator_loss(real_logits, fake_logits)

    def g_loss(self, fake_logits):
        if self.loss == "minimax":
            return -F.softplus(fake_logits).mean()
        return nonsaturating_generator_loss(fake_logits)

    def step(self):
        """One discriminator update then one generator update (k = 1), each on fresh z, as the trainer does."""
        real = self.real()
        with torch.no_grad():
            fake = self.g(self.z())
        self.d_opt.zero_grad(set_to_none=True)
        d_loss = self.d_loss(self.d(real), self.d(fake))
        d_loss.backward()
        self.d_opt.step()
        self.g_opt.zero_grad(set_to_none=True)
        g_loss = self.g_loss(self.d(self.g(self.z())))
        g_loss.backward()
        self.g_opt.step()
        return d_loss, g_loss
