import torch.nn as nn

conv = nn.Conv2d(3, 3, 3, padding=1)
block = nn.Sequential(conv, nn.ReLU())
model = nn.Sequential(block, block, nn.Flatten(), nn.Linear(3 * 8 * 8, 10))
model[0][0].bias.requires_grad_(False)
model[3].weight.requires_grad = False
for p in (model[3].bias, model[1][0].weight):
    p.requires_grad_(False)
model[3].bias.requires_grad_(True)
