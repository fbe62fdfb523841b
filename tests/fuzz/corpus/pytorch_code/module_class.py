>>> import torch.nn as nn
>>> import torch.nn.functional as F
>>> class Net(nn.Module):
...     def __init__(self, num_classes=10):
...         super(Net, self).__init__()
...         self.features = nn.Sequential(nn.Conv2d(1, 6, 5), nn.MaxPool2d(2))
...         self.add_module("fc", nn.Linear(6 * 12 * 12, num_classes))
...     def forward(self, x):
...         x = F.relu(self.features(x))
...         x = x.view(x.size(0), -1)
...         return F.log_softmax(self.fc(x), dim=1)
>>> model = Net()
>>> out = model(torch.zeros(1, 1, 28, 28))
