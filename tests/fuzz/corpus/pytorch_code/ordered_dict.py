from collections import OrderedDict
from torch.nn import (
    Conv1d,
    Flatten,
    LSTM,
    Linear,
    Sequential,
)

model = Sequential(OrderedDict([
    ("conv1", Conv1d(8, 16, 5, padding=2)),
    ("flat", Flatten()),
    ("fc", Linear(16 * IMG_SIZE, 2, bias=False)),
]))
model.add_module("head", Linear(2, 1))
model.append(torch.nn.Sigmoid())
x = torch.randn(1, 8, IMG_SIZE)
out = model(x)
