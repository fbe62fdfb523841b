import torch
import torch.nn as nn
from torchsummary import summary

model = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1),
    nn.BatchNorm2d(32),
    nn.ReLU(inplace=True),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, kernel_size=(3, 3), stride=1, padding="same"),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten(),
    nn.Dropout(p=0.5),
    nn.Linear(64, 10),
)
model.to(device)
print(model)
summary(model, (3, 32, 32))
