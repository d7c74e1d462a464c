"""
One GAN recipe on the 28×28 shapes data, in PyTorch: the example's DCGAN (examples/shapes-dcgan.gan.json)
and the variants the recipe search tried. Every EVALS step it prints the recognised-shape share of
256 fixed-z samples (total and square/ellipse/triangle) for G in eval mode, its EMA copy and G in
train mode; at SAVE steps it writes those samples as uint8 (256 × 784) to --out.
"""
import argparse, copy, os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch, torch.nn as nn
from shapes import sample_shapes, fit_share

p = argparse.ArgumentParser()
p.add_argument('--name', required=True)
p.add_argument('--lo', type=float, default=0.3, help='data minScale'); p.add_argument('--hi', type=float, default=0.7, help='data maxScale')
p.add_argument('--loss', choices=['ns', 'hinge'], default='ns'); p.add_argument('--sn', action='store_true', help='spectral norm in D')
p.add_argument('--r1', type=float, default=0, help='R1 weight (γ)')
p.add_argument('--dsteps', type=int, default=1)
p.add_argument('--lrd', type=float, default=2e-4); p.add_argument('--lrg', type=float, default=2e-4)
p.add_argument('--b1', type=float, default=0.5); p.add_argument('--b2', type=float, default=0.999)
p.add_argument('--gch', type=int, default=32); p.add_argument('--dch', type=int, default=32); p.add_argument('--z', type=int, default=32)
p.add_argument('--gdeep', action='store_true', help='G: a 3×3 conv after each upsampling')
p.add_argument('--ddeep', action='store_true', help='D: a 3×3 conv after each downsampling')
p.add_argument('--gnorm', choices=['batch', 'none'], default='batch')
p.add_argument('--cond', choices=['none', 'acgan', 'aux', 'proj'], default='none',
               help='use the shape kind: AC-GAN, an auxiliary classifier on real only, or a projection D')
p.add_argument('--aux', type=float, default=1.0, help='weight of the classification terms')
p.add_argument('--ema', type=float, default=0, help='decay of an EMA copy of G (0: none)')
p.add_argument('--batch', type=int, default=64)
p.add_argument('--steps', type=int, default=10**9); p.add_argument('--seconds', type=float, default=420)
p.add_argument('--save', default='2000,5000,10000,20000,40000'); p.add_argument('--out', default='/tmp/res')
p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu'); p.add_argument('--seed', type=int, default=1)
a = p.parse_args()
torch.manual_seed(a.seed)
dev = a.device
sn = nn.utils.spectral_norm if a.sn else (lambda m: m)
conditional_g = a.cond in ('acgan', 'proj')


def gnorm(c):
    return nn.BatchNorm2d(c) if a.gnorm == 'batch' else nn.Identity()


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        ch = a.gch
        self.fc = nn.Linear(a.z + (3 if conditional_g else 0), 7 * 7 * 2 * ch, bias=False)
        self.bn0 = gnorm(2 * ch)
        body = [nn.ConvTranspose2d(2 * ch, ch, 4, 2, 1, bias=False), gnorm(ch), nn.ReLU()]
        if a.gdeep:
            body += [nn.Conv2d(ch, ch, 3, 1, 1, bias=False), gnorm(ch), nn.ReLU(),
                     nn.ConvTranspose2d(ch, ch // 2, 4, 2, 1, bias=False), gnorm(ch // 2), nn.ReLU(), nn.Conv2d(ch // 2, 1, 3, 1, 1)]
        else:
            body += [nn.ConvTranspose2d(ch, 1, 4, 2, 1)]
        self.body = nn.Sequential(*body)

    def forward(self, z, y=None):
        if y is not None:
            z = torch.cat([z, nn.functional.one_hot(y, 3).float()], 1)
        h = torch.relu(self.bn0(self.fc(z).view(-1, 2 * a.gch, 7, 7)))
        return torch.tanh(self.body(h))


ch = a.dch
layers = [sn(nn.Conv2d(1, ch, 4, 2, 1)), nn.LeakyReLU(0.2)]
if a.ddeep: layers += [sn(nn.Conv2d(ch, ch, 3, 1, 1)), nn.LeakyReLU(0.2)]
layers += [sn(nn.Conv2d(ch, 2 * ch, 4, 2, 1)), nn.LeakyReLU(0.2)]
if a.ddeep: layers += [sn(nn.Conv2d(2 * ch, 2 * ch, 3, 1, 1)), nn.LeakyReLU(0.2)]
features = 7 * 7 * 2 * ch
trunk = nn.Sequential(*layers, nn.Flatten()).to(dev)
head = sn(nn.Linear(features, 1)).to(dev)
classifier = nn.Linear(features, 3).to(dev)
embedding = nn.Embedding(3, features).to(dev)


def D(x, y):
    """Score (with the projection term for cond=proj) and class logits."""
    h = trunk(x)
    score = head(h)
    if a.cond == 'proj':
        score = score + (embedding(y) * h).sum(1, keepdim=True)
    return score, classifier(h)


g = Generator().to(dev)
g_ema = copy.deepcopy(g)
d_params = [q for m in (trunk, head, classifier, embedding) for q in m.parameters()]
opt_g = torch.optim.Adam(g.parameters(), a.lrg, betas=(a.b1, a.b2))
opt_d = torch.optim.Adam(d_params, a.lrd, betas=(a.b1, a.b2))
softplus, relu, ce = nn.functional.softplus, torch.relu, nn.functional.cross_entropy


def d_loss(real, fake):
    if a.loss == 'ns': return softplus(-real).mean() + softplus(fake).mean()
    return relu(1 - real).mean() + relu(1 + fake).mean()


def g_loss(fake):
    return softplus(-fake).mean() if a.loss == 'ns' else -fake.mean()


B = a.batch
saves = set(int(s) for s in a.save.split(','))
EVALS = sorted(set([1000, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 40000, 60000, 80000, 100000]) | saves)
z_fixed = torch.randn(256, a.z, generator=torch.Generator().manual_seed(7)).to(dev)
y_fixed = (torch.arange(256) % 3).to(dev)
os.makedirs(a.out, exist_ok=True)
t0 = time.time()
step = 0
while step < a.steps and time.time() - t0 < a.seconds:
    step += 1
    for _ in range(a.dsteps):
        x, y_real = sample_shapes(B, a.lo, a.hi, dev, labels=True)
        y_fake = torch.randint(0, 3, (B,), device=dev)
        with torch.no_grad():
            fake = g(torch.randn(B, a.z, device=dev), y_fake if conditional_g else None)
        if a.r1: x.requires_grad_(True)
        real_score, real_logits = D(x, y_real)
        fake_score, fake_logits = D(fake, y_fake)
        ld = d_loss(real_score, fake_score)
        if a.cond in ('acgan', 'aux'): ld = ld + a.aux * ce(real_logits, y_real)
        if a.cond == 'acgan': ld = ld + a.aux * ce(fake_logits, y_fake)
        if a.r1:
            grad, = torch.autograd.grad(real_score.sum(), x, create_graph=True)
            ld = ld + a.r1 / 2 * grad.pow(2).sum([1, 2, 3]).mean()
        opt_d.zero_grad(set_to_none=True); ld.backward(); opt_d.step()
    y_gen = torch.randint(0, 3, (B,), device=dev)
    score, logits = D(g(torch.randn(B, a.z, device=dev), y_gen if conditional_g else None), y_gen)
    lg = g_loss(score)
    if a.cond == 'acgan': lg = lg + a.aux * ce(logits, y_gen)
    opt_g.zero_grad(set_to_none=True); lg.backward(); opt_g.step()
    if a.ema:
        with torch.no_grad():
            for pe, pg in zip(g_ema.parameters(), g.parameters()): pe.lerp_(pg, 1 - a.ema)
            for be, bg in zip(g_ema.buffers(), g.buffers()): be.copy_(bg)
    if step in EVALS:
        line = [a.name, str(step), f'{step / (time.time() - t0):.0f}it/s', f'ld={ld.item():.3f}']
        # gt: G in train mode (batch statistics), on a copy so that its running statistics stay as training left them.
        for tag, net, train_mode in [('g', g, False)] + ([('ema', g_ema, False)] if a.ema else []) + [('gt', copy.deepcopy(g), True)]:
            net.train(train_mode)
            with torch.no_grad():
                out = net(z_fixed, y_fixed if conditional_g else None)
            net.train()
            share, by_kind = fit_share(out)
            line.append(f'{tag}={share:.3f}(' + '/'.join(f'{b:.2f}' for b in by_kind) + ')')
            if step in saves:
                u8 = ((out.clamp(-1, 1) + 1) * 127.5).round().byte().cpu().numpy()
                u8.tofile(os.path.join(a.out, f'{a.name}-{tag}-{step}.u8'))
        print(' '.join(line), flush=True)
print(a.name, 'done', step, 'steps', flush=True)
