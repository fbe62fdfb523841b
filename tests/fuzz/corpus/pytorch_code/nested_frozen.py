import torch
from torch import nn


def frozen(module):
    for p in module.parameters():
        p.requires_grad_(False)
    return module


features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())
layers = [nn.Flatten()]
for i in range(2):
    layers.append(nn.LazyLinear(16))
layers += [nn.Linear(16, 4)]
model = nn.Sequential(
    frozen(features),
    nn.Sequential(nn.Embedding(100, 8), nn.LSTM(8, 16, batch_first=True)),
    nn.Linear(128, 100).requires_grad_(False),
    *layers
model[0][0].bias.requires_grad_(False)
for p in model[1].parameters():
    p.requires_grad = False
from torchinfo import summary
summary(model, input_size=(1, 3, 32, 32), batch_dim=None)
