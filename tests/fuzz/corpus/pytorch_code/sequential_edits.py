import torch.nn as nn
model = nn.Sequential(
    nn.Linear(10, 20),
    nn.ReLU(),
    nn.Linear(20, 5),
)
model[2] = nn.Linear(20, 3)
model.insert(1, nn.BatchNorm1d(20))
del model[2]
for name, p in model.named_parameters():
    if name.startswith("0."):
        p.requires_grad = False
import torch.nn as nn
layers = []
for i in range(3):
    layers.append(nn.Linear(8, 8))
    layers.append(nn.ReLU())
layers.pop()
layers[0] = nn.Linear(4, 8)
del layers[1]
model = nn.Sequential(*layers)
model[0].requires_grad_(False)
import torch.nn as nn
model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))
for name, p in model.named_parameters():
    p.requires_grad = False
model.append(nn.Linear(5, 2))
del model[1]
print(model.pop(0))
