"""
The shapes data set (src/training/data/shapes.ts, image/rasterizeShape.ts) and the recognised-shape
metric (src/training/quality/shapeFit.ts with imageQuality.ts's single-blob rule) in torch, so that
recipes can be searched on a GPU and scored exactly as the trainer scores its runs. Connected
components are found by label propagation (8-connected ink, 4-connected background).
"""

import math, torch
import torch.nn.functional as F

KINDS = ['square', 'ellipse', 'triangle']
SIZE = 28


def signed_distance(kind, px, py, radius, rot):
    """px, py: (n, H, W) offsets from centre; radius, rot: (n,1,1)."""
    if kind == 'ellipse':
        c, s = torch.cos(rot), torch.sin(rot)
        u = px * c - py * s
        v = px * s + py * c
        ia = 1 / (radius * radius)
        ib = ia / 0.25
        f = u * u * ia + v * v * ib - 1
        g = 2 * torch.sqrt((u * ia) ** 2 + (v * ib) ** 2)
        return torch.where(g > 1e-12, f / g.clamp_min(1e-12), torch.full_like(f, -1e9))
    sides = 4 if kind == 'square' else 3
    d = None
    for k in range(sides):
        ang = rot + (2 * k + 1) * math.pi / sides
        e = torch.cos(ang) * px - torch.sin(ang) * py
        d = e if d is None else torch.maximum(d, e)
    return d - radius * math.cos(math.pi / sides)


def grid(device):
    r = torch.arange(SIZE, device=device, dtype=torch.float32) + 0.5
    return r.view(1, 1, SIZE), r.view(1, SIZE, 1)  # cols (x), rows (y)


def sample_shapes(n, lo, hi, device, gen=None, labels=False):
    kind = torch.randint(0, 3, (n,), device=device, generator=gen)
    radius = (lo + (hi - lo) * torch.rand(n, device=device, generator=gen)) * SIZE / 2
    x = radius + (SIZE - 2 * radius) * torch.rand(n, device=device, generator=gen)
    y = radius + (SIZE - 2 * radius) * torch.rand(n, device=device, generator=gen)
    rot = 2 * math.pi * torch.rand(n, device=device, generator=gen)
    cols, rows = grid(device)
    px = cols - x.view(-1, 1, 1)
    py = rows - y.view(-1, 1, 1)
    out = torch.zeros(n, SIZE, SIZE, device=device)
    for k, name in enumerate(KINDS):
        d = signed_distance(name, px, py, radius.view(-1, 1, 1), rot.view(-1, 1, 1))
        out = torch.where((kind == k).view(-1, 1, 1), (0.5 - d).clamp(0, 1), out)
    x = (out * 2 - 1).unsqueeze(1)
    return (x, kind) if labels else x


def _components(mask, cross):
    """Label propagation: returns (n, H, W) labels (0 for off pixels)."""
    n = mask.shape[0]
    idx = torch.arange(1, SIZE * SIZE + 1, device=mask.device, dtype=torch.float32).view(1, SIZE, SIZE).expand(n, -1, -1)
    lab = torch.where(mask, idx, torch.zeros_like(idx))
    for _ in range(400):
        p = lab.unsqueeze(1)
        if cross:
            m = torch.maximum(torch.maximum(F.pad(p, (1, 0, 0, 0))[..., :, :-1], F.pad(p, (0, 1, 0, 0))[..., :, 1:]),
                              torch.maximum(F.pad(p, (0, 0, 1, 0))[..., :-1, :], F.pad(p, (0, 0, 0, 1))[..., 1:, :]))
            m = torch.maximum(m, p)
        else:
            m = F.max_pool2d(p, 3, 1, 1)
        new = torch.where(mask, m.squeeze(1), torch.zeros_like(lab))
        if torch.equal(new, lab):
            break
        lab = new
    return lab


def _sizes(lab):
    """List per image of component sizes."""
    out = []
    for l in lab.flatten(1).long().cpu():
        c = torch.bincount(l, minlength=1)[1:]
        out.append(c[c > 0].tolist())
    return out


def single_blob(mask):
    limit = 4
    px = SIZE * SIZE
    ink = _sizes(_components(mask, False))
    bg = _sizes(_components(~mask, True))
    res = []
    for a, b in zip(ink, bg):
        blobs = [s for s in a if s >= limit]
        specks = sum(s for s in a if s < limit)
        ok = len(blobs) == 1 and 0.005 * px <= blobs[0] <= 0.75 * px and specks <= 0.1 * blobs[0] and len([s for s in b if s >= limit]) <= 3
        res.append(ok)
    return torch.tensor(res, device=mask.device)


AREA = {'square': 2.0, 'triangle': 3 * math.sqrt(3) / 4, 'ellipse': math.pi * 0.5}
PERIOD = {'square': math.pi / 2, 'triangle': 2 * math.pi / 3, 'ellipse': math.pi}


def fit_share(images):
    """images (n,1,H,W) in [-1,1]: share recognised (single blob and best IoU >= 0.9), and per kind."""
    x = images[:, 0]
    mask = x > 0
    n = x.shape[0]
    single = single_blob(mask)
    area = mask.flatten(1).sum(1).float()
    cols, rows = grid(x.device)
    safe = area.clamp_min(1)
    cx = (mask * cols).flatten(1).sum(1) / safe
    cy = (mask * rows).flatten(1).sum(1) / safe
    best = torch.zeros(n, device=x.device)
    best_kind = torch.zeros(n, dtype=torch.long, device=x.device)
    for k, name in enumerate(KINDS):
        for scale in (0.92, 1.0, 1.08):
            radius = (torch.sqrt(area / AREA[name]) * scale).view(-1, 1, 1)
            for r in range(24):
                rot = torch.full_like(radius, r * PERIOD[name] / 24)
                d = signed_distance(name, cols - cx.view(-1, 1, 1), rows - cy.view(-1, 1, 1), radius, rot)
                drawn = d < 0
                inter = (drawn & mask).flatten(1).sum(1).float()
                union = (drawn | mask).flatten(1).sum(1).float().clamp_min(1)
                iou = inter / union
                better = iou > best
                best = torch.where(better, iou, best)
                best_kind = torch.where(better, torch.full_like(best_kind, k), best_kind)
    ok = single & (area > 0) & (best >= 0.9)
    by = [((best_kind == k) & ok).float().mean().item() for k in range(3)]
    return ok.float().mean().item(), by
