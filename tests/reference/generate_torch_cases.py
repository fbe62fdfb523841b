#!/usr/bin/python3
# Generates tests/reference/torch_cases.json: nn.Sequential PyTorch models written as the
# Python code a tutorial would show, each run by the real PyTorch on a zero tensor, with what
# PyTorch reports per module: parameter and buffer names and shapes, counts, output shape.
#
# Every number in the file comes from PyTorch itself: the case's code string is exec'd as is,
# then the model is run module by module (the first element of a tuple output goes on).
# A seeded random.Random drives every choice, so a re-run gives a byte-identical file.
#
# Usage:  /usr/bin/python3 tests/reference/generate_torch_cases.py     (Debian's python3-torch)
#         options: --out FILE, --seed S, --check [FILE] (re-read the JSON, verify sums and
#         coverage, print per-module case counts)

import argparse
import inspect
import json
import math
import os
import random
import sys
import warnings
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, 'torch_cases.json')
BATCH = 2

# Every module class the set must cover (the --check fails if one is missing).
REQUIRED = (
    'Linear Bilinear Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d '
    'BatchNorm1d BatchNorm2d BatchNorm3d LayerNorm GroupNorm InstanceNorm1d InstanceNorm2d '
    'InstanceNorm3d Embedding RNN LSTM GRU MaxPool1d MaxPool2d MaxPool3d AvgPool1d AvgPool2d '
    'AvgPool3d AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d '
    'AdaptiveMaxPool2d AdaptiveMaxPool3d Flatten Unflatten Dropout Dropout1d Dropout2d Dropout3d '
    'AlphaDropout ReLU ReLU6 LeakyReLU ELU SELU CELU GELU SiLU Mish Sigmoid Tanh Softmax '
    'LogSoftmax Softplus Hardswish Hardsigmoid Hardtanh PReLU Threshold Upsample ZeroPad1d '
    'ZeroPad2d ZeroPad3d ConstantPad1d ConstantPad2d ConstantPad3d ReflectionPad1d '
    'ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d ReplicationPad3d '
    'Identity MultiheadAttention'
).split()

# Code features the --check also counts (substrings of the code strings).
FEATURES = [
    ('nn.X', '= nn.Sequential('), ('torch.nn.X', 'torch.nn.Sequential('),
    ('bare names', 'from torch.nn import'), ('OrderedDict', 'OrderedDict(['),
    ('requires_grad', 'requires_grad'), ("padding='same'", 'same'), ("padding='valid'", 'valid'),
    ('padding_mode', 'padding_mode='), ('groups', 'groups='), ('dilation', 'dilation='),
    ('output_padding', 'output_padding='), ('proj_size', 'proj_size='),
    ('bidirectional', 'bidirectional=True'), ('batch_first=True', 'batch_first=True'),
    ('batch_first=False', 'batch_first=False'),
    ('nonlinearity', 'nonlinearity='), ('ceil_mode', 'ceil_mode=True'),
    ('count_include_pad', 'count_include_pad='), ('add_bias_kv', 'add_bias_kv=True'),
    ('kdim', 'kdim='), ('padding_idx', 'padding_idx='), ('max_norm', 'max_norm='),
    ('track_running_stats', 'track_running_stats='), ('affine', 'affine='),
    ('elementwise_affine', 'elementwise_affine='), ('align_corners', 'align_corners='),
]


# ---------------------------------------------------------------------------------------
# Argument order (PyTorch's own, for positional arguments)
# ---------------------------------------------------------------------------------------
_RNN_ORDER = {
    # torch 1.13's RNN passes its positional arguments straight to RNNBase, so the 4th is bias;
    # nonlinearity is keyword-only there (later versions also accept it 4th)
    'RNN': ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout',
            'bidirectional', 'nonlinearity'],
    'LSTM': ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout',
             'bidirectional', 'proj_size'],
    'GRU': ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout',
            'bidirectional'],
}
KEYWORD_ONLY = {'nonlinearity'}
_order_cache = {}


def arg_order(nn, cls):
    """(names in PyTorch's positional order, number of required leading arguments)."""
    if cls not in _order_cache:
        if cls in _RNN_ORDER:
            _order_cache[cls] = (_RNN_ORDER[cls], 2)
        else:
            sig = inspect.signature(getattr(nn, cls).__init__)
            names, req = [], 0
            for p in list(sig.parameters.values())[1:]:
                if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name in ('device', 'dtype'):
                    continue
                names.append(p.name)
                if p.default is p.empty:
                    req += 1
            _order_cache[cls] = (names, req)
    return _order_cache[cls]


# ---------------------------------------------------------------------------------------
# Python rendering
# ---------------------------------------------------------------------------------------
def pyval(v, q):
    if isinstance(v, bool):
        return 'True' if v else 'False'
    if v is None:
        return 'None'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return q + v + q
    if isinstance(v, tuple):
        inner = ', '.join(pyval(x, q) for x in v)
        return '(' + inner + (',)' if len(v) == 1 else ')')
    if isinstance(v, list):
        return '[' + ', '.join(pyval(x, q) for x in v) + ']'
    raise TypeError(v)


def M(cls, **args):
    """A module spec: class name + chosen arguments (keyword names)."""
    return {'cls': cls, 'args': dict(args)}


def render_module(nn, spec, prefix, argstyle, q):
    """argstyle: 'typical' (required positional, rest keyword), 'keyword', 'positional'
    (the longest gap-free prefix in PyTorch's order positional)."""
    cls, args = spec['cls'], spec['args']
    if 'raw' in spec:    # arguments written verbatim (Identity's ignored ones)
        return f'{prefix}{cls}({spec["raw"]})'
    order, req = arg_order(nn, cls)
    unknown = set(args) - set(order)
    if unknown:
        raise ValueError(f'{cls}: unknown arguments {unknown}')
    parts, positional = [], argstyle != 'keyword'
    for i, name in enumerate(order):
        if name not in args:
            positional = False
            continue
        if (argstyle == 'typical' and i >= req) or name in KEYWORD_ONLY:
            positional = False
        if positional:
            parts.append(pyval(args[name], q))
        else:
            parts.append(f'{name}={pyval(args[name], q)}')
    return f'{prefix}{cls}({", ".join(parts)})'


CHILD_NAMES = {
    'Conv1d': 'conv', 'Conv2d': 'conv', 'Conv3d': 'conv', 'ConvTranspose1d': 'deconv',
    'ConvTranspose2d': 'deconv', 'ConvTranspose3d': 'deconv', 'Linear': 'fc', 'Bilinear': 'bilinear',
    'BatchNorm1d': 'bn', 'BatchNorm2d': 'bn', 'BatchNorm3d': 'bn', 'LayerNorm': 'ln', 'GroupNorm': 'gn',
    'InstanceNorm1d': 'norm', 'InstanceNorm2d': 'norm', 'InstanceNorm3d': 'norm',
    'Embedding': 'embedding', 'RNN': 'rnn', 'LSTM': 'lstm', 'GRU': 'gru', 'Flatten': 'flatten',
    'Unflatten': 'unflatten', 'MultiheadAttention': 'attn', 'Upsample': 'up', 'Identity': 'identity',
}


def child_name(cls):
    if cls in CHILD_NAMES:
        return CHILD_NAMES[cls]
    if 'Pool' in cls:
        return 'pool'
    if 'Dropout' in cls:
        return 'drop'
    if 'Pad' in cls:
        return 'pad'
    return 'act'


def render_case(nn, rng, specs, freeze=None):
    """Python code that defines `model`; also the module expressions and child names.
    freeze: None, or (style, indices) with style 'inline' | 'loop' | 'helper' | 'bias'."""
    ns = rng.choice(['nn', 'nn', 'nn_from', 'torch', 'bare'])
    q = rng.choice(["'", '"'])
    argstyle = rng.choice(['typical', 'typical', 'typical', 'keyword', 'positional'])
    od = rng.random() < 0.2 and len(specs) > 1
    if freeze and freeze[0] == 'inline' and rng.random() < 0.5:
        od = False
    prefix = {'nn': 'nn.', 'nn_from': 'nn.', 'torch': 'torch.nn.', 'bare': ''}[ns]
    exprs = [render_module(nn, s, prefix, argstyle, q) for s in specs]
    frozen = set(freeze[1]) if freeze else set()
    if freeze and freeze[0] == 'inline':
        exprs_in = [e + '.requires_grad_(False)' if i in frozen else e for i, e in enumerate(exprs)]
    elif freeze and freeze[0] == 'helper':
        exprs_in = [f'frozen({e})' if i in frozen else e for i, e in enumerate(exprs)]
    else:
        exprs_in = exprs
    names = [str(i) for i in range(len(specs))]
    if od:
        counter = Counter()
        names = []
        for s in specs:
            base = child_name(s['cls'])
            counter[base] += 1
            names.append(f'{base}{counter[base]}')
    header = []
    if od:
        header += ['from collections import OrderedDict', '']
    if ns == 'nn':
        header += ['import torch', 'import torch.nn as nn'] if rng.random() < 0.6 else ['import torch.nn as nn']
    elif ns == 'nn_from':
        header += ['import torch', 'from torch import nn']
    elif ns == 'torch':
        header += ['import torch']
    else:
        used = sorted({s['cls'] for s in specs} | {'Sequential'})
        line = 'from torch.nn import ' + ', '.join(used)
        if len(line) <= 88:
            header.append(line)
        else:
            header += ['from torch.nn import ('] + [f'    {n},' for n in used] + [')']
    seq = prefix + 'Sequential'
    lines = header + ['']
    if freeze and freeze[0] == 'helper':
        lines += ['', 'def frozen(module):', '    for p in module.parameters():',
                  '        p.requires_grad_(False)', '    return module', '', '']
    if od:
        lines.append(f'model = {seq}(OrderedDict([')
        for n, e in zip(names, exprs_in):
            lines.append(f'    ({q}{n}{q}, {e}),')
        lines.append(']))')
    else:
        one = f'model = {seq}({", ".join(exprs_in)})'
        if len(specs) <= 2 and len(one) <= 88:
            lines.append(one)
        else:
            lines.append(f'model = {seq}(')
            for e in exprs_in:
                lines.append(f'    {e},')
            lines.append(')')
    if freeze and freeze[0] in ('loop', 'bias'):
        for i in sorted(frozen):
            ref = f'model.{names[i]}' if od else f'model[{i}]'
            if freeze[0] == 'loop':
                lines += [f'for p in {ref}.parameters():', '    p.requires_grad_(False)']
            else:
                lines.append(f'{ref}.bias.requires_grad_(False)')
    return '\n'.join(lines) + '\n', header, exprs, names


# ---------------------------------------------------------------------------------------
# Module generators: given the current shape (no batch) and domain, a spec or None.
# Domains: feat (F,), sig (C, L), seq (L, H), img (C, H, W), vol (C, D, H, W), tok (L,) int64.
# ---------------------------------------------------------------------------------------
def divisors(n):
    return [d for d in range(1, n + 1) if n % d == 0]


def ituple(rng, vals, p_tuple=0.35):
    """An int if all equal (or as a 1-tuple / n-tuple sometimes), else a tuple."""
    vals = tuple(vals)
    if len(set(vals)) == 1 and rng.random() >= p_tuple:
        return vals[0]
    return vals


def g_linear(rng, shp, ctx):
    f = shp[-1]
    out = rng.choice([1, 2, 4, 8, 10, 16, 32, 64, 100, 128, 256])
    if f * out > 2_000_000:
        out = 10
    a = {'in_features': f, 'out_features': out}
    r = rng.random()
    if r < 0.2:
        a['bias'] = False
    elif r < 0.3:
        a['bias'] = True
    return M('Linear', **a)


def g_bilinear(rng, shp, ctx):
    f = shp[-1]
    if f > 64:
        return None
    a = {'in1_features': f, 'in2_features': f, 'out_features': rng.choice([2, 4, 8, 16])}
    if rng.random() < 0.3:
        a['bias'] = False
    return M('Bilinear', **a)


def g_conv(n):
    def g(rng, shp, ctx):
        C, sp = shp[0], shp[1:]
        a = {'in_channels': C}
        groups = 1
        r = rng.random()
        if r < 0.12 and C > 1:
            groups = C          # depthwise
            out = C * rng.choice([1, 1, 2])
        elif r < 0.25 and C > 1:
            groups = rng.choice([d for d in divisors(C) if d > 1])
            out = groups * rng.choice([1, 2, 4])
        else:
            out = rng.choice([1, 4, 6, 8, 16, 32, 64] if n < 3 else [2, 4, 8, 16])
        a['out_channels'] = out
        kmax = 7 if n == 1 else (5 if n == 2 else 3)
        ks = [rng.randint(1, min(kmax, s)) for s in sp]
        if rng.random() < 0.75:
            ks = [ks[0]] * n
        a['kernel_size'] = ituple(rng, ks, 0.3 if n > 1 else 0.15)
        stride = 1
        if rng.random() < 0.3:
            stride = ituple(rng, [rng.choice([2, 2, 3]) for _ in range(n)] if rng.random() < 0.3 else [2] * n, 0.2)
            a['stride'] = stride
        pr = rng.random()
        if pr < 0.2 and stride == 1:
            a['padding'] = 'same'
        elif pr < 0.3:
            a['padding'] = 'valid'
        elif pr < 0.65:
            a['padding'] = ituple(rng, [rng.randint(0, max(k // 2, 1)) for k in ks] if rng.random() < 0.3
                                  else [ks[0] // 2] * n, 0.2)
        if rng.random() < 0.15:
            a['dilation'] = ituple(rng, [2] * n, 0.2)
        if groups > 1:
            a['groups'] = groups
        if rng.random() < 0.2:
            a['bias'] = False
        if rng.random() < 0.3 and a.get('padding', 0) not in (0, 'valid'):
            a['padding_mode'] = rng.choice(['reflect', 'replicate', 'circular', 'zeros'])
        return M(f'Conv{n}d', **a)
    return g


def g_convt(n):
    def g(rng, shp, ctx):
        C = shp[0]
        a = {'in_channels': C}
        groups = 1
        if rng.random() < 0.15 and C > 1:
            groups = rng.choice([d for d in divisors(C) if d > 1])
            out = groups * rng.choice([1, 2])
        else:
            out = rng.choice([1, 3, 4, 8, 16, 32] if n < 3 else [1, 2, 4, 8])
        a['out_channels'] = out
        k = rng.choice([1, 2, 3, 4, 5] if n < 3 else [2, 3])
        a['kernel_size'] = ituple(rng, [k] * n, 0.2)
        s = rng.choice([1, 2, 2, 3])
        if s != 1 or rng.random() < 0.2:
            a['stride'] = ituple(rng, [s] * n, 0.2)
        if rng.random() < 0.5:
            a['padding'] = ituple(rng, [rng.randint(0, k - 1)] * n, 0.2)
        d = 1
        if rng.random() < 0.15:
            d = 2
            a['dilation'] = d
        if rng.random() < 0.5 and max(s, d) > 1:
            a['output_padding'] = rng.randint(1, max(s, d) - 1) if rng.random() < 0.7 else ituple(rng, [1] * n, 1.0)
        if groups > 1:
            a['groups'] = groups
        if rng.random() < 0.2:
            a['bias'] = False
        return M(f'ConvTranspose{n}d', **a)
    return g


def g_bn(n):
    def g(rng, shp, ctx):
        a = {'num_features': shp[0]}
        r = rng.random()
        if r < 0.15:
            a['affine'] = False
        elif r < 0.3:
            a['track_running_stats'] = False
        elif r < 0.38:
            a['affine'] = False
            a['track_running_stats'] = False
        if rng.random() < 0.15:
            a['momentum'] = rng.choice([0.01, 0.9, 0.99])
        if rng.random() < 0.1:
            a['eps'] = 0.001
        return M(f'BatchNorm{n}d', **a)
    return g


def g_in(n):
    def g(rng, shp, ctx):
        if math.prod(shp[1:]) < 2:
            return None
        a = {'num_features': shp[0]}
        r = rng.random()
        if r < 0.35:
            a['affine'] = True
        elif r < 0.5:
            a['track_running_stats'] = True
        elif r < 0.65:
            a['affine'] = True
            a['track_running_stats'] = True
        elif r < 0.75:
            a['affine'] = False
        return M(f'InstanceNorm{n}d', **a)
    return g


def g_layernorm(rng, shp, ctx):
    k = 1 if len(shp) == 1 or rng.random() < 0.6 else rng.randint(2, len(shp))
    dims = list(shp[-k:])
    if k == 1 and rng.random() < 0.7:
        ns = dims[0]
    else:
        ns = tuple(dims) if rng.random() < 0.6 else dims
    a = {'normalized_shape': ns}
    if rng.random() < 0.3:
        a['elementwise_affine'] = False if rng.random() < 0.8 else True
    if rng.random() < 0.1:
        a['eps'] = 1e-06
    return M('LayerNorm', **a)


def g_groupnorm(rng, shp, ctx):
    C = shp[0]
    gs = [d for d in divisors(C) if d < C] or [1]
    if len(shp) == 1 and C > 1:
        gs = [d for d in divisors(C)]
    a = {'num_groups': rng.choice(gs), 'num_channels': C}
    if rng.random() < 0.25:
        a['affine'] = False
    return M('GroupNorm', **a)


def g_embedding(rng, shp, ctx):
    a = {'num_embeddings': rng.choice([50, 100, 1000, 5000, 10000]),
         'embedding_dim': rng.choice([8, 16, 32, 50, 64, 100, 128])}
    r = rng.random()
    if r < 0.35:
        a['padding_idx'] = rng.choice([0, 0, 0, 1, -1])
    if rng.random() < 0.2:
        a['max_norm'] = rng.choice([1.0, 2.0, 5.0])
    if rng.random() < 0.05:
        a['scale_grad_by_freq'] = True
    return M('Embedding', **a)


def g_rnn(kind):
    def g(rng, shp, ctx):
        a = {'input_size': shp[-1], 'hidden_size': rng.choice([4, 8, 16, 20, 32, 64, 128])}
        if rng.random() < 0.35:
            a['num_layers'] = rng.choice([2, 2, 3])
            if rng.random() < 0.4:
                a['dropout'] = rng.choice([0.1, 0.2, 0.5])
        if kind == 'RNN' and rng.random() < 0.5:
            a['nonlinearity'] = rng.choice(['relu', 'tanh'])
        if rng.random() < 0.15:
            a['bias'] = False
        if ctx['seqfirst']:
            if rng.random() < 0.25:
                a['batch_first'] = False
        else:
            a['batch_first'] = True
        if rng.random() < 0.35:
            a['bidirectional'] = True
        if kind == 'LSTM' and rng.random() < 0.25:
            a['proj_size'] = rng.randint(1, a['hidden_size'] - 1) if a['hidden_size'] > 4 else 2
        return M(kind, **a)
    return g


def g_mha(rng, shp, ctx, allow_kv=False):
    E = shp[-1]
    heads = [d for d in divisors(E) if d <= 16]
    a = {'embed_dim': E, 'num_heads': rng.choice(heads)}
    if rng.random() < 0.2:
        a['dropout'] = 0.1
    if rng.random() < 0.2:
        a['bias'] = False
    if rng.random() < 0.25:
        a['add_bias_kv'] = True
    if rng.random() < 0.15:
        a['add_zero_attn'] = True
    if allow_kv:
        a['kdim'] = rng.choice([8, 16, 24, E])
        a['vdim'] = rng.choice([8, 12, 32])
    if not ctx['seqfirst']:
        a['batch_first'] = True
    elif rng.random() < 0.25:
        a['batch_first'] = False
    return M('MultiheadAttention', **a)


def g_pool(kind, n):
    def g(rng, shp, ctx):
        sp = shp[1:]
        m = min(sp)
        if m < 2 and not (kind == 'Max' and rng.random() < 0.1):
            return None
        k = rng.randint(1, min(4, m)) if rng.random() < 0.3 else min(2 if rng.random() < 0.7 else 3, m)
        ks = [k] * n
        if n > 1 and rng.random() < 0.15:
            ks = [rng.randint(1, min(3, s)) for s in sp]
        a = {'kernel_size': ituple(rng, ks, 0.15)}
        r = rng.random()
        if r < 0.3:
            a['stride'] = ituple(rng, [rng.randint(1, max(k, 1))] * n, 0.15)
        elif r < 0.4:
            a['stride'] = a['kernel_size']
        if rng.random() < 0.25 and min(ks) >= 2:
            a['padding'] = ituple(rng, [min(ks) // 2] * n, 0.15)
        if kind == 'Max' and rng.random() < 0.15:
            a['dilation'] = 2
        if rng.random() < 0.25:
            a['ceil_mode'] = True
        if kind == 'Avg' and rng.random() < 0.2:
            a['count_include_pad'] = False
        if kind == 'Avg' and n > 1 and rng.random() < 0.05:
            a['divisor_override'] = 2
        return M(f'{kind}Pool{n}d', **a)
    return g


def g_adaptive(kind, n):
    def g(rng, shp, ctx):
        sp = shp[1:]
        sizes = [rng.choice([1, 1, 2, 3, 4, 5, 7]) for _ in sp]
        if rng.random() < 0.7:
            sizes = [sizes[0]] * n
        if n > 1 and rng.random() < 0.15:
            sizes[rng.randrange(n)] = None
        return M(f'Adaptive{kind}Pool{n}d', output_size=ituple(rng, sizes, 0.3))
    return g


def g_flatten(rng, shp, ctx):
    r = rng.random()
    if r < 0.7 or len(shp) < 2:
        return M('Flatten') if rng.random() < 0.8 else M('Flatten', start_dim=1)
    if r < 0.85:
        return M('Flatten', start_dim=2) if rng.random() < 0.5 else M('Flatten', start_dim=2, end_dim=-1)
    return M('Flatten', start_dim=1, end_dim=rng.choice([2, -2]) if len(shp) > 2 else 2)


def g_unflatten(rng, shp, ctx):
    f = shp[-1]
    choices = []
    for c in divisors(f):
        if 1 < c < f:
            choices.append((c, f // c))
            r = f // c
            s = int(round(math.sqrt(r)))
            if s * s == r and s > 1:
                choices.append((c, s, s))
    if not choices:
        return None
    dim = 1 if len(shp) == 1 and rng.random() < 0.7 else -1
    sizes = rng.choice(choices)
    return M('Unflatten', dim=dim, unflattened_size=sizes if rng.random() < 0.8 else list(sizes))


def g_dropout(cls):
    def g(rng, shp, ctx):
        r = rng.random()
        if r < 0.2:
            return M(cls)
        a = {'p': rng.choice([0.1, 0.2, 0.25, 0.3, 0.5])}
        if rng.random() < 0.1:
            a['inplace'] = True
        return M(cls, **a)
    return g


def g_act(cls):
    def g(rng, shp, ctx):
        a = {}
        if cls in ('ReLU', 'ReLU6', 'SELU', 'SiLU', 'Mish', 'Hardswish', 'Hardsigmoid') and rng.random() < 0.2:
            a['inplace'] = True
        if cls == 'LeakyReLU' and rng.random() < 0.7:
            a['negative_slope'] = rng.choice([0.1, 0.2, 0.01])
        if cls in ('ELU', 'CELU') and rng.random() < 0.5:
            a['alpha'] = rng.choice([0.5, 1.0, 2.0])
        if cls == 'GELU' and rng.random() < 0.4:
            a['approximate'] = rng.choice(['tanh', 'none'])
        if cls in ('Softmax', 'LogSoftmax'):
            if ctx['seqfirst']:
                a['dim'] = -1
            else:
                a['dim'] = rng.choice([1, 1, -1] + list(range(2, len(shp) + 1)))
        if cls == 'Softplus' and rng.random() < 0.5:
            a['beta'] = rng.choice([1, 2])
            if rng.random() < 0.5:
                a['threshold'] = 10
        if cls == 'Hardtanh' and rng.random() < 0.6:
            a['min_val'], a['max_val'] = rng.choice([(-2.0, 2.0), (0.0, 6.0), (-1.0, 1.0)])
        if cls == 'Threshold':
            a['threshold'], a['value'] = rng.choice([(0.1, 20.0), (0.0, 0.0), (0.5, -1.0)])
        if cls == 'PReLU':
            if not ctx['seqfirst'] and rng.random() < 0.5:
                a['num_parameters'] = shp[0]
            elif rng.random() < 0.2:
                a['num_parameters'] = 1
            if rng.random() < 0.2:
                a['init'] = 0.1
        return M(cls, **a)
    return g


def g_upsample(rng, shp, ctx):
    n = len(shp) - 1
    modes = {1: ['nearest', 'linear'], 2: ['nearest', 'bilinear', 'bicubic', 'nearest-exact', 'area'],
             3: ['nearest', 'trilinear']}[n]
    mode = rng.choice(modes)
    a = {}
    if rng.random() < 0.3:
        a['size'] = ituple(rng, [s * 2 + rng.choice([0, 0, 1, 3]) for s in shp[1:]], 0.2)
        if n > 1 and rng.random() < 0.3:
            a['size'] = shp[1] * 2
    else:
        r = rng.random()
        if r < 0.6:
            a['scale_factor'] = rng.choice([2, 2, 3, 2.0])
        elif r < 0.8:
            a['scale_factor'] = rng.choice([1.5, 0.5, 2.5])
        else:
            a['scale_factor'] = tuple(rng.choice([1, 2, 1.5]) for _ in range(n))
    if mode != 'nearest' or rng.random() < 0.3:
        a['mode'] = mode
    if mode in ('linear', 'bilinear', 'bicubic', 'trilinear') and rng.random() < 0.5:
        a['align_corners'] = rng.choice([True, False])
    return M('Upsample', **a)


def g_pad(kind, n):
    def g(rng, shp, ctx):
        sp = shp[1:]
        cls = f'{kind}Pad{n}d'
        lim = min(sp) - 1 if kind == 'Reflection' else 3
        if lim < 1:
            return None
        if rng.random() < 0.5:
            pad = rng.randint(1, min(lim, 3))
        else:
            pad = tuple(rng.randint(0, min(lim, 3)) for _ in range(2 * n))
            if kind in ('Zero', 'Constant') and rng.random() < 0.15 and min(sp) > 2:
                pad = (-1,) + pad[1:]       # negative padding crops
        a = {'padding': pad}
        if kind == 'Constant':
            a['value'] = rng.choice([0.0, 1.0, -1.0, 0.5])
        return M(cls, **a)
    return g


def g_identity(rng, shp, ctx):
    if rng.random() < 0.1:
        return {'cls': 'Identity', 'args': {}, 'raw': '54, unused_argument1=0.1'}
    return M('Identity')


ACTS = ['ReLU', 'ReLU6', 'LeakyReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid',
        'Tanh', 'Softmax', 'LogSoftmax', 'Softplus', 'Hardswish', 'Hardsigmoid', 'Hardtanh',
        'PReLU', 'Threshold']

# class -> (domains it applies to, generator)
GENS = {
    'Linear': (['feat', 'seq', 'sig'], g_linear), 'Bilinear': (['feat', 'seq'], g_bilinear),
    'Embedding': (['tok'], g_embedding), 'LayerNorm': (['feat', 'seq', 'sig', 'img'], g_layernorm),
    'GroupNorm': (['sig', 'img', 'vol', 'feat'], g_groupnorm), 'Flatten': (['sig', 'img', 'vol', 'seq'], g_flatten),
    'Unflatten': (['feat'], g_unflatten), 'Upsample': (['sig', 'img', 'vol'], g_upsample),
    'Identity': (['feat', 'seq', 'sig', 'img', 'vol'], g_identity),
    'MultiheadAttention': (['seq'], g_mha),
    'Dropout': (['feat', 'seq', 'sig', 'img', 'vol'], g_dropout('Dropout')),
    'AlphaDropout': (['feat', 'seq', 'sig'], g_dropout('AlphaDropout')),
    'Dropout1d': (['sig'], g_dropout('Dropout1d')), 'Dropout2d': (['img'], g_dropout('Dropout2d')),
    'Dropout3d': (['vol'], g_dropout('Dropout3d')),
    'BatchNorm1d': (['feat', 'sig'], g_bn(1)),
}
for _k in ('RNN', 'LSTM', 'GRU'):
    GENS[_k] = (['seq'], g_rnn(_k))
for _n, _d in ((1, 'sig'), (2, 'img'), (3, 'vol')):
    GENS[f'Conv{_n}d'] = ([_d], g_conv(_n))
    GENS[f'ConvTranspose{_n}d'] = ([_d], g_convt(_n))
    if _n > 1:
        GENS[f'BatchNorm{_n}d'] = ([_d], g_bn(_n))
    GENS[f'InstanceNorm{_n}d'] = ([_d], g_in(_n))
    for _kind in ('Max', 'Avg'):
        GENS[f'{_kind}Pool{_n}d'] = ([_d], g_pool(_kind, _n))
        GENS[f'Adaptive{_kind}Pool{_n}d'] = ([_d], g_adaptive(_kind, _n))
    for _kind in ('Zero', 'Constant', 'Reflection', 'Replication'):
        GENS[f'{_kind}Pad{_n}d'] = ([_d], g_pad(_kind, _n))
for _a in ACTS:
    GENS[_a] = (['feat', 'seq', 'sig', 'img', 'vol'], g_act(_a))

# Modules that do not care where the batch is (they work on the last dimensions), allowed in
# sequence-first cases (batch in dimension 1).
SEQFIRST_OK = set(ACTS) | {'Linear', 'Bilinear', 'Dropout', 'AlphaDropout', 'LayerNorm', 'Identity',
                           'Embedding', 'RNN', 'LSTM', 'GRU', 'MultiheadAttention'}
SEQ_MODULES = {'Embedding', 'RNN', 'LSTM', 'GRU', 'MultiheadAttention'}
CONV_1D = {'Conv1d', 'ConvTranspose1d', 'MaxPool1d', 'AvgPool1d', 'AdaptiveAvgPool1d', 'AdaptiveMaxPool1d',
           'Dropout1d', 'InstanceNorm1d', 'ConstantPad1d', 'ReflectionPad1d', 'ReplicationPad1d', 'ZeroPad1d'}
FILLER_WEIGHTS = {a: 0.4 for a in ACTS}
FILLER_WEIGHTS.update({'ReLU': 5, 'Dropout': 2, 'Identity': 0.3, 'Softmax': 0.1, 'LogSoftmax': 0.1,
                       'Threshold': 0.1, 'AlphaDropout': 0.3, 'Flatten': 0.5, 'Unflatten': 0.5})


def random_input(rng, dom):
    if dom == 'feat':
        return (rng.choice([4, 8, 10, 16, 20, 32, 64, 100, 128, 784]),)
    if dom == 'sig':
        return (rng.choice([1, 1, 2, 3, 4, 8, 12, 16]), rng.choice([8, 16, 20, 32, 50, 64, 100, 128]))
    if dom == 'seq':
        return (rng.choice([5, 8, 10, 12, 20]), rng.choice([4, 8, 10, 16, 32, 64]))
    if dom == 'img':
        c = rng.choice([1, 1, 3, 3, 3, 4, 8, 16])
        h = rng.choice([8, 10, 16, 28, 32])
        w = h if rng.random() < 0.8 else rng.choice([8, 12, 20, 24])
        return (c, h, w)
    if dom == 'vol':
        return (rng.choice([1, 2, 3, 4]), rng.choice([4, 6, 8]), rng.choice([8, 10, 16]), rng.choice([8, 12, 16]))
    if dom == 'tok':
        return (rng.choice([5, 10, 16, 20, 32, 50]),)
    raise ValueError(dom)


def domain_after(cls, dom, shape):
    if cls in SEQ_MODULES:
        return 'seq'
    r = len(shape)
    if cls in ('Flatten', 'Unflatten'):
        return {1: 'feat', 2: 'sig', 3: 'img', 4: 'vol'}[r]
    if cls in CONV_1D:
        return 'sig'
    if dom == 'seq' and r == 2:
        return 'seq'
    return {1: 'feat', 2: dom if dom in ('sig', 'seq') else 'sig', 3: 'img', 4: 'vol'}.get(r, 'other')


# ---------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------
class Torch:
    def __init__(self):
        import torch
        import torch.nn as nn
        self.torch, self.nn = torch, nn
        torch.set_num_threads(1)
        torch.set_grad_enabled(False)
        self.warnings = Counter()
        for cls in [c for c in GENS if not hasattr(nn, c)]:    # e.g. ZeroPad1d/3d before torch 2.1
            del GENS[cls]

    def build(self, spec):
        expr = render_module(self.nn, spec, 'nn.', 'keyword', "'")
        return eval(expr, {'nn': self.nn})

    def make_input(self, shape, dtype, batch_dim):
        full = list(shape)
        full.insert(batch_dim, BATCH)
        return self.torch.zeros(full, dtype=self.torch.int64 if dtype == 'int64' else self.torch.float32)

    def call(self, m, x):
        """Runs one module the way the case runs it: (first output, the other outputs or None).
        (None, None) for a MultiheadAttention that self-attention cannot feed."""
        cls = type(m).__name__
        extra = None
        if cls == 'Bilinear':
            out = m(x, x)
        elif cls == 'MultiheadAttention':
            if not m._qkv_same_embed_dim:
                return None, None
            out = m(x, x, x)
        else:
            out = m(x)
        if isinstance(out, tuple):
            extra = out[1:]
            out = out[0]
        return out, extra

    def shape_of(self, t, batch_dim):
        s = list(t.shape)
        assert s[batch_dim] == BATCH, (s, batch_dim)
        del s[batch_dim]
        return s


def numel(shape):
    return math.prod(shape) if shape else 1


def extra_outputs(cls, extra, T):
    """Shapes (batch left out) of the outputs after the first: h_n (and c_n), attn_weights."""
    if extra is None:
        return None
    if cls in ('RNN', 'GRU'):
        return {'h_n': T.shape_of(extra[0], 1)}
    if cls == 'LSTM':
        h, c = extra[0]
        return {'h_n': T.shape_of(h, 1), 'c_n': T.shape_of(c, 1)}
    if cls == 'MultiheadAttention':
        return {'attn_weights': T.shape_of(extra[0], 0)}
    return None


def module_record(name, m, T):
    params = [[n, list(p.shape)] for n, p in m.named_parameters()]
    bufs = [[n, list(b.shape)] for n, b in m.named_buffers()]
    return {
        'name': name, 'module': type(m).__name__, 'output_shape': None,
        'params': sum(p.numel() for p in m.parameters()),
        'trainable': sum(p.numel() for p in m.parameters() if p.requires_grad),
        'buffers': sum(b.numel() for b in m.buffers()),
        'parameters': params, 'buffer_list': bufs,
    }


def materialize(T, rng, cid, specs, input_shape, dom0, batch_dim, freeze=None, expect_error=None):
    """Renders the code, exec's it, runs it module by module, returns the case record."""
    code, header, exprs, names = render_case(T.nn, rng, specs, freeze)
    dtype = 'int64' if dom0 == 'tok' else 'float32'
    T.torch.manual_seed(0)
    ns = {}
    modules, construct_error = None, None
    with warnings.catch_warnings(record=True) as wlist:
        warnings.simplefilter('always')
        try:
            exec(code, ns)
            model = ns['model']
            modules = list(model.named_children())
            assert [n for n, _ in modules] == names, (cid, names)
            assert [type(m).__name__ for _, m in modules] == [s['cls'] for s in specs], cid
        except Exception as e:    # construction error: find the module by building each alone
            hns = {}
            exec('\n'.join(header), hns)
            modules = []
            for i, (n, e_text) in enumerate(zip(names, exprs)):
                try:
                    modules.append((n, eval(e_text, dict(hns))))
                except Exception as e2:
                    construct_error = {'module_index': i, 'stage': 'construct', 'message': first_line(e2)}
                    assert first_line(e2) == first_line(e), (cid, e, e2)
                    break
            assert construct_error, (cid, e)
        records = []
        x = T.make_input(input_shape, dtype, batch_dim)
        error = construct_error
        for i, (n, m) in enumerate(modules):
            rec = module_record(n, m, T)
            cls = rec['module']
            try:
                out, extra = T.call(m, x)
            except Exception as e:
                error = {'module_index': i, 'stage': 'run', 'message': first_line(e)}
                break
            if cls == 'Bilinear':
                rec['call'] = 'module(x, x)'
            if cls == 'MultiheadAttention':
                rec['call'] = 'module(x, x, x)'
            if out is None:
                rec['note'] = ('kdim/vdim differ from embed_dim: self-attention module(x, x, x) cannot '
                               'feed it one tensor, so it is not run (counts only)')
                records.append(rec)
                assert i == len(modules) - 1, cid
                break
            rec['output_shape'] = T.shape_of(out, batch_dim)
            other = extra_outputs(cls, extra, T)
            if other:
                rec['other_outputs'] = other
            records.append(rec)
            x = out
        for w in wlist:
            T.warnings[f'{w.category.__name__}: {str(w.message).splitlines()[0][:120]}'] += 1
    if expect_error is not None:
        assert error is not None, f'{cid}: expected an error, got none:\n{code}'
        assert error['module_index'] == expect_error, f'{cid}: error at {error} not {expect_error}\n{code}'
    else:
        assert error is None, f'{cid}: unexpected error {error}\n{code}'
    case = OrderedDict()
    case['id'] = cid
    case['code'] = code
    case['input_shape'] = list(input_shape)
    if dtype == 'int64':
        case['input_dtype'] = 'int64'
    if batch_dim != 0:
        case['batch_dim'] = batch_dim
    case['modules'] = records
    case['total'] = sum(r['params'] for r in records)
    case['trainable'] = sum(r['trainable'] for r in records)
    case['buffers'] = sum(r['buffers'] for r in records)
    if error is None:
        assert case['total'] == sum(p.numel() for p in model.parameters()), cid
        assert case['buffers'] == sum(b.numel() for b in model.buffers()), cid
    else:
        case['error'] = error
    return case


def first_line(e):
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


# ---------------------------------------------------------------------------------------
# Building models: validated step by step with PyTorch before rendering
# ---------------------------------------------------------------------------------------
class Chain:
    def __init__(self, T, dom, shape, seqfirst=False):
        self.T, self.dom, self.shape0, self.dom0 = T, dom, tuple(shape), dom
        self.seqfirst = seqfirst
        self.batch_dim = 1 if seqfirst else 0
        self.specs = []
        self.x = T.make_input(shape, 'int64' if dom == 'tok' else 'float32', self.batch_dim)
        self.shape = tuple(shape)
        self.open = True       # False after a counts-only module

    @property
    def ctx(self):
        return {'seqfirst': self.seqfirst}

    def try_add(self, spec, keep_domain=False, max_params=3_000_000):
        if spec is None or not self.open:
            return False
        if self.seqfirst and spec['cls'] not in SEQFIRST_OK:
            return False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                m = self.T.build(spec)
                if sum(p.numel() for p in m.parameters()) > max_params:
                    return False
                out, _ = self.T.call(m, self.x)
        except Exception:
            return False
        if out is None:
            self.specs.append(spec)
            self.open = False
            return True
        shape = tuple(self.T.shape_of(out, self.batch_dim))
        if min(shape) < 1 or math.prod(shape) > 400_000:
            return False
        dom = domain_after(spec['cls'], self.dom, shape)
        if keep_domain and dom != self.dom:
            return False
        self.specs.append(spec)
        self.x, self.shape, self.dom = out, shape, dom
        return True

    def add_gen(self, rng, cls, tries=40, **kw):
        doms, gen = GENS[cls]
        if self.dom not in doms:
            return False
        for _ in range(tries):
            if self.try_add(gen(rng, self.shape, self.ctx), **kw):
                return True
        return False

    def add_filler(self, rng, keep_domain=False, pool=None):
        cands = [c for c, (doms, _) in GENS.items() if self.dom in doms and c not in ('Embedding',)]
        if self.seqfirst:
            cands = [c for c in cands if c in SEQFIRST_OK]
        if pool:
            cands = [c for c in cands if c in pool]
        if not cands:
            return False
        weights = [FILLER_WEIGHTS.get(c, 1.5) for c in cands]
        for _ in range(10):
            cls = rng.choices(cands, weights)[0]
            if cls in ('RNN', 'LSTM', 'GRU', 'MultiheadAttention') and rng.random() < 0.5:
                continue
            if self.add_gen(rng, cls, tries=8, keep_domain=keep_domain):
                return True
        return False

    def add_head(self, rng):
        if self.dom in ('sig', 'img', 'vol'):
            if math.prod(self.shape) > 8192:
                n = len(self.shape) - 1
                self.try_add(M(f'Adaptive{rng.choice(["Avg", "Max"])}Pool{n}d', output_size=rng.choice([1, 2])))
            self.try_add(M('Flatten'))
        if self.dom == 'seq' and not self.seqfirst and rng.random() < 0.5:
            self.try_add(M('Flatten'))
        self.try_add(g_linear(rng, self.shape, self.ctx))
        if rng.random() < 0.3:
            self.try_add(g_act(rng.choice(['Softmax', 'LogSoftmax', 'Sigmoid']))(rng, self.shape, self.ctx))


def focus_case(T, rng, cls, single):
    doms = GENS[cls][0]
    for _ in range(60):
        dom = rng.choice(doms)
        seqfirst = False
        if cls in ('RNN', 'LSTM', 'GRU', 'MultiheadAttention') and rng.random() < 0.35:
            seqfirst = True
        start_dom = dom
        if dom == 'seq' and not single and rng.random() < 0.4 and cls != 'Bilinear':
            start_dom = 'tok'
        ch = Chain(T, start_dom, random_input(rng, start_dom), seqfirst)
        if start_dom == 'tok' and cls != 'Embedding':
            if not ch.add_gen(rng, 'Embedding'):
                continue
        if not single:
            for _ in range(rng.choice([0, 1, 1, 2])):
                ch.add_filler(rng, keep_domain=True)
        if not ch.add_gen(rng, cls):
            continue
        if not single and ch.open:
            for _ in range(rng.choice([0, 1, 2])):
                ch.add_filler(rng)
            if rng.random() < 0.6 and ch.open:
                ch.add_head(rng)
        if single and len(ch.specs) != 1:
            continue
        return ch
    raise RuntimeError(f'could not build a case around {cls}')


# ---------------------------------------------------------------------------------------
# Realistic stacks (tutorial models), with varied sizes
# ---------------------------------------------------------------------------------------
def realistic(rng):
    """Returns (name, input domain, input shape, specs, seqfirst)."""
    out = []
    for c, k in ((10, 6), (10, 8)):
        out.append(('lenet5', 'img', (1, 28, 28), [
            M('Conv2d', in_channels=1, out_channels=k, kernel_size=5, padding=2), M('Tanh'), M('AvgPool2d', kernel_size=2),
            M('Conv2d', in_channels=k, out_channels=16, kernel_size=5), M('Tanh'), M('AvgPool2d', kernel_size=2, stride=2),
            M('Flatten'), M('Linear', in_features=400, out_features=120), M('Tanh'),
            M('Linear', in_features=120, out_features=84), M('Tanh'), M('Linear', in_features=84, out_features=c)], False))
    for h in (32, 64):
        out.append(('cifar_cnn', 'img', (3, h, h), [
            M('Conv2d', in_channels=3, out_channels=32, kernel_size=3, padding=1), M('ReLU'), M('MaxPool2d', kernel_size=2),
            M('Conv2d', in_channels=32, out_channels=64, kernel_size=3, padding=1), M('BatchNorm2d', num_features=64),
            M('ReLU'), M('MaxPool2d', kernel_size=2, stride=2), M('Flatten'),
            M('Linear', in_features=64 * (h // 4) ** 2, out_features=128), M('ReLU'), M('Dropout', p=0.5),
            M('Linear', in_features=128, out_features=10)], False))
    out.append(('tutorial_cnn', 'img', (3, 32, 32), [
        M('Conv2d', in_channels=3, out_channels=32, kernel_size=(3, 3), padding='same'), M('ReLU'),
        M('Conv2d', in_channels=32, out_channels=64, kernel_size=(3, 3), padding='same'), M('ReLU'),
        M('Conv2d', in_channels=64, out_channels=128, kernel_size=(3, 3), padding='same'), M('ReLU'),
        M('Conv2d', in_channels=128, out_channels=256, kernel_size=(1, 1)), M('Flatten'),
        M('Linear', in_features=262144, out_features=10)], False))
    for hid in (512, 256):
        out.append(('mnist_mlp', 'img', (1, 28, 28), [
            M('Flatten'), M('Linear', in_features=784, out_features=hid), M('ReLU'), M('Dropout', p=0.2),
            M('Linear', in_features=hid, out_features=hid // 2), M('ReLU'),
            M('Linear', in_features=hid // 2, out_features=10), M('LogSoftmax', dim=1)], False))
    out.append(('tabular_mlp', 'feat', (20,), [
        M('Linear', in_features=20, out_features=64), M('BatchNorm1d', num_features=64), M('ReLU'),
        M('Dropout', p=0.3), M('Linear', in_features=64, out_features=32), M('BatchNorm1d', num_features=32),
        M('ReLU'), M('Linear', in_features=32, out_features=1), M('Sigmoid')], False))
    out.append(('selu_mlp', 'feat', (100,), [
        M('Linear', in_features=100, out_features=256), M('SELU'), M('AlphaDropout', p=0.1),
        M('Linear', in_features=256, out_features=256), M('SELU'), M('AlphaDropout', p=0.1),
        M('Linear', in_features=256, out_features=5), M('Softmax', dim=-1)], False))
    for z in (12, 32):
        out.append(('dense_autoencoder', 'feat', (784,), [
            M('Linear', in_features=784, out_features=128), M('ReLU'), M('Linear', in_features=128, out_features=64),
            M('ReLU'), M('Linear', in_features=64, out_features=z), M('Linear', in_features=z, out_features=64),
            M('ReLU'), M('Linear', in_features=64, out_features=128), M('ReLU'),
            M('Linear', in_features=128, out_features=784), M('Sigmoid'), M('Unflatten', dim=1, unflattened_size=(1, 28, 28))], False))
    out.append(('conv_autoencoder', 'img', (1, 28, 28), [
        M('Conv2d', in_channels=1, out_channels=16, kernel_size=3, stride=2, padding=1), M('ReLU'),
        M('Conv2d', in_channels=16, out_channels=32, kernel_size=3, stride=2, padding=1), M('ReLU'),
        M('Conv2d', in_channels=32, out_channels=64, kernel_size=7),
        M('ConvTranspose2d', in_channels=64, out_channels=32, kernel_size=7), M('ReLU'),
        M('ConvTranspose2d', in_channels=32, out_channels=16, kernel_size=3, stride=2, padding=1, output_padding=1), M('ReLU'),
        M('ConvTranspose2d', in_channels=16, out_channels=1, kernel_size=3, stride=2, padding=1, output_padding=1),
        M('Sigmoid')], False))
    out.append(('upsample_autoencoder', 'img', (3, 32, 32), [
        M('Conv2d', in_channels=3, out_channels=16, kernel_size=3, padding=1), M('ReLU'), M('MaxPool2d', kernel_size=2),
        M('Conv2d', in_channels=16, out_channels=8, kernel_size=3, padding=1), M('ReLU'), M('MaxPool2d', kernel_size=2),
        M('Upsample', scale_factor=2, mode='nearest'), M('Conv2d', in_channels=8, out_channels=16, kernel_size=3, padding=1),
        M('ReLU'), M('Upsample', scale_factor=2, mode='bilinear', align_corners=False),
        M('Conv2d', in_channels=16, out_channels=3, kernel_size=3, padding=1), M('Sigmoid')], False))
    for nz, ngf in ((100, 64), (64, 32)):
        out.append(('dcgan_generator', 'feat', (nz,), [
            M('Unflatten', dim=1, unflattened_size=(nz, 1, 1)),
            M('ConvTranspose2d', in_channels=nz, out_channels=ngf * 4, kernel_size=4, stride=1, padding=0, bias=False),
            M('BatchNorm2d', num_features=ngf * 4), M('ReLU', inplace=True),
            M('ConvTranspose2d', in_channels=ngf * 4, out_channels=ngf * 2, kernel_size=4, stride=2, padding=1, bias=False),
            M('BatchNorm2d', num_features=ngf * 2), M('ReLU', inplace=True),
            M('ConvTranspose2d', in_channels=ngf * 2, out_channels=ngf, kernel_size=4, stride=2, padding=1, bias=False),
            M('BatchNorm2d', num_features=ngf), M('ReLU', inplace=True),
            M('ConvTranspose2d', in_channels=ngf, out_channels=3, kernel_size=4, stride=2, padding=1, bias=False),
            M('Tanh')], False))
    out.append(('dcgan_discriminator', 'img', (3, 32, 32), [
        M('Conv2d', in_channels=3, out_channels=64, kernel_size=4, stride=2, padding=1, bias=False),
        M('LeakyReLU', negative_slope=0.2, inplace=True),
        M('Conv2d', in_channels=64, out_channels=128, kernel_size=4, stride=2, padding=1, bias=False),
        M('BatchNorm2d', num_features=128), M('LeakyReLU', negative_slope=0.2, inplace=True),
        M('Conv2d', in_channels=128, out_channels=1, kernel_size=8, stride=1, padding=0, bias=False),
        M('Flatten'), M('Sigmoid')], False))
    out.append(('resnet_stem', 'img', (3, 64, 64), [
        M('Conv2d', in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias=False),
        M('BatchNorm2d', num_features=64), M('ReLU', inplace=True),
        M('MaxPool2d', kernel_size=3, stride=2, padding=1), M('AdaptiveAvgPool2d', output_size=(1, 1)),
        M('Flatten', start_dim=1), M('Linear', in_features=64, out_features=1000)], False))
    out.append(('mobilenet_block', 'img', (32, 16, 16), [
        M('Conv2d', in_channels=32, out_channels=32, kernel_size=3, stride=1, padding=1, groups=32, bias=False),
        M('BatchNorm2d', num_features=32), M('ReLU6', inplace=True),
        M('Conv2d', in_channels=32, out_channels=64, kernel_size=1, bias=False), M('BatchNorm2d', num_features=64),
        M('ReLU6', inplace=True),
        M('Conv2d', in_channels=64, out_channels=64, kernel_size=3, stride=2, padding=1, groups=64, bias=False),
        M('BatchNorm2d', num_features=64), M('Hardswish'), M('AdaptiveAvgPool2d', output_size=1), M('Flatten'),
        M('Dropout', p=0.2), M('Linear', in_features=64, out_features=10)], False))
    out.append(('vgg_block', 'img', (3, 32, 32), [
        M('Conv2d', in_channels=3, out_channels=64, kernel_size=3, padding=1), M('ReLU', inplace=True),
        M('Conv2d', in_channels=64, out_channels=64, kernel_size=3, padding=1), M('ReLU', inplace=True),
        M('MaxPool2d', kernel_size=2, stride=2),
        M('Conv2d', in_channels=64, out_channels=128, kernel_size=3, padding=1), M('ReLU', inplace=True),
        M('MaxPool2d', kernel_size=2, stride=2), M('AdaptiveAvgPool2d', output_size=(7, 7)), M('Flatten'),
        M('Linear', in_features=128 * 49, out_features=256), M('ReLU', inplace=True), M('Dropout'),
        M('Linear', in_features=256, out_features=10)], False))
    out.append(('style_transfer', 'img', (3, 32, 32), [
        M('ReflectionPad2d', padding=4), M('Conv2d', in_channels=3, out_channels=32, kernel_size=9),
        M('InstanceNorm2d', num_features=32, affine=True), M('ReLU'),
        M('ReflectionPad2d', padding=1), M('Conv2d', in_channels=32, out_channels=64, kernel_size=3, stride=2),
        M('InstanceNorm2d', num_features=64, affine=True), M('ReLU'),
        M('Upsample', scale_factor=2, mode='nearest'), M('ReflectionPad2d', padding=1),
        M('Conv2d', in_channels=64, out_channels=32, kernel_size=3), M('InstanceNorm2d', num_features=32, affine=True),
        M('ReLU'), M('ReflectionPad2d', padding=4), M('Conv2d', in_channels=32, out_channels=3, kernel_size=9)], False))
    out.append(('unet_down_up', 'img', (1, 32, 32), [
        M('Conv2d', in_channels=1, out_channels=16, kernel_size=3, padding=1, padding_mode='reflect'),
        M('GroupNorm', num_groups=4, num_channels=16), M('SiLU'), M('MaxPool2d', kernel_size=2),
        M('Conv2d', in_channels=16, out_channels=32, kernel_size=3, padding=1), M('GroupNorm', num_groups=8, num_channels=32),
        M('SiLU'), M('ConvTranspose2d', in_channels=32, out_channels=16, kernel_size=2, stride=2),
        M('Conv2d', in_channels=16, out_channels=2, kernel_size=1)], False))
    for L in (16000, 8000):
        out.append(('audio_1d_cnn', 'sig', (1, L // 100), [
            M('Conv1d', in_channels=1, out_channels=16, kernel_size=7, stride=2, padding=3), M('BatchNorm1d', num_features=16),
            M('ReLU'), M('MaxPool1d', kernel_size=2),
            M('Conv1d', in_channels=16, out_channels=32, kernel_size=5, padding='same'), M('BatchNorm1d', num_features=32),
            M('ReLU'), M('Dropout1d', p=0.1), M('AdaptiveAvgPool1d', output_size=1), M('Flatten'),
            M('Linear', in_features=32, out_features=12)], False))
    out.append(('wavenet_like', 'sig', (8, 64), [
        M('Conv1d', in_channels=8, out_channels=16, kernel_size=2, dilation=1), M('Tanh'),
        M('Conv1d', in_channels=16, out_channels=16, kernel_size=2, dilation=2), M('Tanh'),
        M('Conv1d', in_channels=16, out_channels=16, kernel_size=2, dilation=4), M('Tanh'),
        M('Conv1d', in_channels=16, out_channels=1, kernel_size=1)], False))
    out.append(('sensor_1d', 'sig', (6, 128), [
        M('Conv1d', in_channels=6, out_channels=32, kernel_size=3), M('InstanceNorm1d', num_features=32), M('GELU'),
        M('AvgPool1d', kernel_size=2, ceil_mode=True), M('Conv1d', in_channels=32, out_channels=32, kernel_size=3, groups=4),
        M('ELU'), M('AdaptiveMaxPool1d', output_size=4), M('Flatten'), M('Linear', in_features=128, out_features=6)], False))
    out.append(('video_3d_cnn', 'vol', (3, 8, 16, 16), [
        M('Conv3d', in_channels=3, out_channels=16, kernel_size=3, padding=1), M('BatchNorm3d', num_features=16),
        M('ReLU'), M('MaxPool3d', kernel_size=(1, 2, 2)), M('Conv3d', in_channels=16, out_channels=32, kernel_size=3),
        M('ReLU'), M('Dropout3d', p=0.2), M('AdaptiveAvgPool3d', output_size=1), M('Flatten'),
        M('Linear', in_features=32, out_features=5)], False))
    out.append(('volume_autoencoder', 'vol', (1, 8, 16, 16), [
        M('Conv3d', in_channels=1, out_channels=8, kernel_size=3, stride=2, padding=1), M('ReLU'),
        M('Conv3d', in_channels=8, out_channels=16, kernel_size=3, stride=2, padding=1), M('ReLU'),
        M('ConvTranspose3d', in_channels=16, out_channels=8, kernel_size=2, stride=2), M('ReLU'),
        M('ConvTranspose3d', in_channels=8, out_channels=1, kernel_size=2, stride=2), M('Sigmoid')], False))
    for vocab, emb, hid in ((10000, 100, 128), (5000, 64, 64)):
        out.append(('text_lstm_classifier', 'tok', (50,), [
            M('Embedding', num_embeddings=vocab, embedding_dim=emb, padding_idx=0),
            M('LSTM', input_size=emb, hidden_size=hid, batch_first=True, bidirectional=True),
            M('Flatten'), M('Dropout', p=0.5), M('Linear', in_features=50 * 2 * hid, out_features=2)], False))
    out.append(('text_gru_tagger', 'tok', (20,), [
        M('Embedding', num_embeddings=3000, embedding_dim=50),
        M('GRU', input_size=50, hidden_size=64, num_layers=2, batch_first=True, dropout=0.2),
        M('Linear', in_features=64, out_features=17), M('LogSoftmax', dim=-1)], False))
    out.append(('text_lstm_seqfirst', 'tok', (35,), [
        M('Embedding', num_embeddings=1000, embedding_dim=32), M('LSTM', input_size=32, hidden_size=64, num_layers=2),
        M('Dropout', p=0.2), M('Linear', in_features=64, out_features=1000)], True))
    out.append(('char_rnn_seqfirst', 'tok', (40,), [
        M('Embedding', num_embeddings=65, embedding_dim=16), M('RNN', input_size=16, hidden_size=128, nonlinearity='relu'),
        M('Linear', in_features=128, out_features=65)], True))
    out.append(('attention_encoder', 'tok', (16,), [
        M('Embedding', num_embeddings=2000, embedding_dim=64, padding_idx=0),
        M('MultiheadAttention', embed_dim=64, num_heads=8, batch_first=True), M('LayerNorm', normalized_shape=64),
        M('Linear', in_features=64, out_features=256), M('GELU'), M('Linear', in_features=256, out_features=64),
        M('LayerNorm', normalized_shape=64), M('Flatten'), M('Linear', in_features=16 * 64, out_features=4)], False))
    out.append(('attention_seqfirst', 'tok', (12,), [
        M('Embedding', num_embeddings=500, embedding_dim=32),
        M('MultiheadAttention', embed_dim=32, num_heads=4, dropout=0.1), M('Linear', in_features=32, out_features=32),
        M('ReLU'), M('Linear', in_features=32, out_features=3)], True))
    out.append(('lstm_projection_seqfirst', 'seq', (25, 40), [
        M('LSTM', input_size=40, hidden_size=256, num_layers=3, proj_size=64, dropout=0.1),
        M('Linear', in_features=64, out_features=30), M('LogSoftmax', dim=-1)], True))
    out.append(('time_series_gru', 'seq', (30, 5), [
        M('GRU', input_size=5, hidden_size=32, batch_first=True), M('Flatten'),
        M('Linear', in_features=30 * 32, out_features=1)], False))
    out.append(('stacked_lstm_autoencoder', 'seq', (10, 3), [
        M('LSTM', input_size=3, hidden_size=16, batch_first=True), M('LSTM', input_size=16, hidden_size=8, batch_first=True),
        M('LSTM', input_size=8, hidden_size=16, batch_first=True), M('Linear', in_features=16, out_features=3)], False))
    out.append(('prelu_cnn', 'img', (3, 16, 16), [
        M('Conv2d', in_channels=3, out_channels=16, kernel_size=3, padding=1), M('PReLU', num_parameters=16),
        M('Conv2d', in_channels=16, out_channels=16, kernel_size=3, stride=2, padding=1), M('PReLU'),
        M('ZeroPad2d', padding=(1, 0, 1, 0)), M('Conv2d', in_channels=16, out_channels=8, kernel_size=2),
        M('Flatten'), M('Linear', in_features=8 * 8 * 8, out_features=2)], False))
    out.append(('srcnn_upsample', 'img', (1, 16, 16), [
        M('Upsample', scale_factor=2, mode='bicubic', align_corners=False),
        M('Conv2d', in_channels=1, out_channels=64, kernel_size=9, padding=4), M('ReLU'),
        M('Conv2d', in_channels=64, out_channels=32, kernel_size=5, padding=2), M('ReLU'),
        M('Conv2d', in_channels=32, out_channels=1, kernel_size=5, padding=2)], False))
    out.append(('keras_style_flatten_dense', 'img', (3, 64, 64), [
        M('Conv2d', in_channels=3, out_channels=16, kernel_size=3), M('ReLU'), M('MaxPool2d', kernel_size=2),
        M('Conv2d', in_channels=16, out_channels=32, kernel_size=3), M('ReLU'), M('MaxPool2d', kernel_size=2),
        M('Conv2d', in_channels=32, out_channels=64, kernel_size=3), M('ReLU'), M('MaxPool2d', kernel_size=2),
        M('Flatten'), M('Linear', in_features=64 * 6 * 6, out_features=512), M('ReLU'),
        M('Linear', in_features=512, out_features=1), M('Sigmoid')], False))
    return out


# ---------------------------------------------------------------------------------------
# Argument sweeps: the variations that change counts or shapes, each at least once
# ---------------------------------------------------------------------------------------
def sweeps():
    """(input domain, input shape, specs, seqfirst)."""
    C1 = lambda i, o, k, **kw: M('Conv1d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    C2 = lambda i, o, k, **kw: M('Conv2d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    C3 = lambda i, o, k, **kw: M('Conv3d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    T1 = lambda i, o, k, **kw: M('ConvTranspose1d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    T2 = lambda i, o, k, **kw: M('ConvTranspose2d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    T3 = lambda i, o, k, **kw: M('ConvTranspose3d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    MHA = lambda e, h, **kw: M('MultiheadAttention', embed_dim=e, num_heads=h, **kw)
    return [
        # convolutions: 'same' with even kernels and dilation, 'valid', padding modes, groups
        ('sig', (4, 10), [C1(4, 6, 4, padding='same')], False),
        ('sig', (4, 11), [C1(4, 6, 4, padding='same', dilation=3)], False),
        ('img', (3, 9, 12), [C2(3, 8, (2, 4), padding='same')], False),
        ('vol', (2, 5, 6, 7), [C3(2, 4, (2, 3, 4), padding='same', bias=False)], False),
        ('img', (3, 9, 9), [C2(3, 8, 3, padding='valid', dilation=(1, 2))], False),
        ('sig', (3, 20), [C1(3, 8, 5, padding=2, padding_mode='reflect')], False),
        ('sig', (3, 20), [C1(3, 8, 5, stride=2, padding=4, padding_mode='circular')], False),
        ('img', (3, 16, 16), [C2(3, 8, 3, padding=(1, 2), padding_mode='replicate')], False),
        ('img', (3, 16, 16), [C2(3, 8, 3, padding='same', padding_mode='circular')], False),
        ('img', (3, 16, 16), [C2(3, 8, 5, padding=2, padding_mode='reflect'), M('ReLU')], False),
        ('vol', (2, 6, 6, 6), [C3(2, 4, 3, padding=1, padding_mode='replicate')], False),
        ('img', (12, 8, 8), [C2(12, 24, 3, groups=3, padding=1), C2(24, 24, 3, groups=24, bias=False)], False),
        ('sig', (8, 30), [C1(8, 16, 3, stride=3, dilation=2, groups=4)], False),
        ('vol', (4, 8, 8, 8), [C3(4, 8, (1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1), groups=2)], False),
        # transposed convolutions: output_padding below stride or dilation, groups, dilation
        ('sig', (4, 10), [T1(4, 6, 3, stride=1, dilation=2, output_padding=1)], False),
        ('sig', (4, 10), [T1(4, 8, 4, stride=3, padding=1, output_padding=2, groups=2)], False),
        ('img', (8, 7, 5), [T2(8, 4, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(1, 2))], False),
        ('img', (8, 6, 6), [T2(8, 8, 3, stride=2, padding=1, output_padding=1, groups=8, bias=False)], False),
        ('img', (8, 6, 6), [T2(8, 4, 3, dilation=3, padding=2)], False),
        ('vol', (4, 3, 4, 4), [T3(4, 2, 3, stride=2, padding=1, output_padding=1)], False),
        ('vol', (4, 3, 4, 4), [T3(4, 4, (1, 2, 2), stride=(1, 2, 2), groups=4, bias=False)], False),
        # recurrent layers: layers, directions, projections, biases, nonlinearity, batch placement
        ('seq', (7, 10), [M('LSTM', input_size=10, hidden_size=20, num_layers=2, bidirectional=True, proj_size=5,
                            batch_first=True)], False),
        ('seq', (7, 10), [M('LSTM', input_size=10, hidden_size=16, proj_size=4, bias=False)], True),
        ('seq', (7, 10), [M('LSTM', input_size=10, hidden_size=16, num_layers=3, dropout=0.1, batch_first=False),
                          M('Linear', in_features=16, out_features=2)], True),
        ('seq', (7, 10), [M('RNN', input_size=10, hidden_size=12, nonlinearity='relu', bidirectional=True,
                            bias=False, batch_first=True)], False),
        ('seq', (7, 10), [M('RNN', input_size=10, hidden_size=12, num_layers=2, nonlinearity='tanh')], True),
        ('seq', (7, 10), [M('GRU', input_size=10, hidden_size=12, num_layers=3, bias=False, batch_first=True)], False),
        ('seq', (7, 10), [M('GRU', input_size=10, hidden_size=12, num_layers=2, bidirectional=True),
                          M('Dropout', p=0.3), M('Linear', in_features=24, out_features=5), M('Tanh')], True),
        # attention: biases, bias_k/bias_v, zero attention, explicit kdim = vdim = embed_dim
        ('seq', (6, 16), [MHA(16, 4, bias=False, add_bias_kv=True, batch_first=True)], False),
        ('seq', (6, 16), [MHA(16, 2, add_bias_kv=True, add_zero_attn=True)], True),
        ('seq', (6, 16), [MHA(16, 8, add_zero_attn=True, batch_first=True)], False),
        ('seq', (6, 16), [MHA(16, 4, kdim=16, vdim=16, batch_first=True)], False),
        ('seq', (6, 16), [MHA(16, 1, bias=False), M('Linear', in_features=16, out_features=4)], True),
        ('seq', (6, 16), [MHA(16, 4, kdim=8, vdim=8, add_bias_kv=True, batch_first=True)], False),
        # embeddings
        ('tok', (12,), [M('Embedding', num_embeddings=30, embedding_dim=6, padding_idx=-1, max_norm=1.0)], False),
        ('tok', (12,), [M('Embedding', num_embeddings=30, embedding_dim=6, max_norm=2.0, norm_type=1.0)], False),
        # normalization without affine parameters or running statistics
        ('feat', (12,), [M('BatchNorm1d', num_features=12, affine=False, track_running_stats=False)], False),
        ('sig', (6, 9), [M('BatchNorm1d', num_features=6, affine=False)], False),
        ('img', (6, 5, 5), [M('BatchNorm2d', num_features=6, track_running_stats=False)], False),
        ('vol', (6, 3, 3, 3), [M('BatchNorm3d', num_features=6, affine=False, track_running_stats=False)], False),
        ('sig', (6, 9), [M('InstanceNorm1d', num_features=6, track_running_stats=True)], False),
        ('vol', (6, 3, 3, 3), [M('InstanceNorm3d', num_features=6, affine=True, track_running_stats=True)], False),
        ('img', (6, 5, 5), [M('GroupNorm', num_groups=1, num_channels=6, affine=False)], False),
        ('img', (6, 5, 5), [M('GroupNorm', num_groups=6, num_channels=6)], False),
        ('vol', (3, 4, 5, 6), [M('LayerNorm', normalized_shape=(4, 5, 6), elementwise_affine=False)], False),
        ('img', (3, 5, 6), [M('LayerNorm', normalized_shape=[3, 5, 6])], False),
        # pooling: ceil_mode (and the dropped last window), dilation, count_include_pad, divisor_override
        ('sig', (1, 5), [M('MaxPool1d', kernel_size=2, stride=2, padding=1, ceil_mode=True)], False),
        ('sig', (1, 5), [M('AvgPool1d', kernel_size=2, stride=2, padding=1, ceil_mode=True)], False),
        ('img', (2, 8, 8), [M('MaxPool2d', kernel_size=3, stride=2, ceil_mode=True)], False),
        ('img', (2, 11, 11), [M('MaxPool2d', kernel_size=3, stride=2, padding=1, dilation=2)], False),
        ('vol', (2, 7, 7, 7), [M('MaxPool3d', kernel_size=2, stride=2, ceil_mode=True)], False),
        ('img', (2, 9, 9), [M('AvgPool2d', kernel_size=3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)], False),
        ('img', (2, 9, 9), [M('AvgPool2d', kernel_size=(2, 3), divisor_override=3)], False),
        ('vol', (2, 5, 9, 9), [M('AvgPool3d', kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))], False),
        ('img', (2, 10, 9), [M('AdaptiveMaxPool2d', output_size=(None, 4))], False),
        ('vol', (2, 6, 10, 9), [M('AdaptiveAvgPool3d', output_size=(None, 3, None))], False),
        ('sig', (2, 5), [M('AdaptiveAvgPool1d', output_size=8)], False),
        # resampling and padding
        ('img', (2, 7, 7), [M('Upsample', scale_factor=1.5)], False),
        ('img', (2, 7, 5), [M('Upsample', size=(10, 11), mode='bilinear', align_corners=True)], False),
        ('img', (2, 8, 8), [M('Upsample', scale_factor=0.5, mode='area')], False),
        ('img', (2, 7, 7), [M('Upsample', scale_factor=(2, 1.5), mode='nearest-exact')], False),
        ('vol', (2, 3, 4, 5), [M('Upsample', scale_factor=2, mode='trilinear', align_corners=False)], False),
        ('sig', (2, 9), [M('Upsample', size=20, mode='linear')], False),
        ('img', (2, 6, 6), [M('ZeroPad2d', padding=(1, 2, 0, 3))], False),
        ('img', (2, 6, 6), [M('ZeroPad2d', padding=(-1, -1, 2, 0))], False),
        ('sig', (2, 6), [M('ConstantPad1d', padding=(-2, 1), value=0.0)], False),
        ('vol', (2, 3, 4, 5), [M('ReplicationPad3d', padding=(1, 0, 2, 0, 0, 3))], False),
        ('sig', (2, 6), [M('ReflectionPad1d', padding=(5, 0))], False),
        # reshaping
        ('vol', (2, 3, 4, 5), [M('Flatten', start_dim=2, end_dim=3)], False),
        ('vol', (2, 3, 4, 5), [M('Flatten', start_dim=-3, end_dim=-1)], False),
        ('img', (4, 6, 6), [M('Flatten', start_dim=1, end_dim=-2)], False),
        ('feat', (60,), [M('Unflatten', dim=1, unflattened_size=(3, 4, 5))], False),
        ('img', (3, 4, 6), [M('Unflatten', dim=-1, unflattened_size=(2, 3))], False),
        # activations with parameters or shape-relevant arguments
        ('img', (6, 4, 4), [M('PReLU', num_parameters=6, init=0.1)], False),
        ('feat', (10,), [M('PReLU', num_parameters=10)], False),
        ('img', (3, 4, 5), [M('Softmax', dim=2), M('LogSoftmax', dim=-3)], False),
        ('feat', (10,), [M('Threshold', threshold=0.1, value=20.0), M('Hardtanh', min_val=-2.0, max_val=2.0)], False),
    ]


# ---------------------------------------------------------------------------------------
# Error cases: models PyTorch rejects (index of the module that fails)
# ---------------------------------------------------------------------------------------
def error_cases():
    C2 = lambda i, o, k, **kw: M('Conv2d', in_channels=i, out_channels=o, kernel_size=k, **kw)
    return [
        ('conv channels mismatch', 'img', (3, 32, 32), [C2(3, 32, 3), M('ReLU'), C2(64, 64, 3)], 2),
        ('linear in_features mismatch after flatten', 'img', (3, 32, 32),
         [C2(3, 16, 3), M('ReLU'), M('MaxPool2d', kernel_size=2), M('Flatten'),
          M('Linear', in_features=16 * 16 * 16, out_features=10)], 4),
        ('linear in_features mismatch', 'feat', (784,), [M('Linear', in_features=784, out_features=128), M('ReLU'),
                                                          M('Linear', in_features=64, out_features=10)], 2),
        ('batchnorm2d num_features mismatch', 'img', (3, 28, 28), [C2(3, 32, 3), M('BatchNorm2d', num_features=64)], 1),
        ('batchnorm1d num_features mismatch', 'feat', (20,), [M('Linear', in_features=20, out_features=50),
                                                              M('BatchNorm1d', num_features=20)], 1),
        ('kernel larger than padded input', 'img', (1, 8, 8), [C2(1, 8, 3), C2(8, 8, 3), C2(8, 8, 5)], 2),
        ('kernel larger after pooling', 'img', (3, 32, 32),
         [C2(3, 8, 3), M('MaxPool2d', kernel_size=2), C2(8, 8, 3), M('MaxPool2d', kernel_size=2), C2(8, 8, 3),
          M('MaxPool2d', kernel_size=2), C2(8, 8, 3)], 6),
        ('layernorm shape mismatch', 'seq', (10, 32), [M('Linear', in_features=32, out_features=64),
                                                       M('LayerNorm', normalized_shape=32)], 1),
        ('layernorm shape order', 'img', (8, 4, 6), [M('LayerNorm', normalized_shape=[6, 4])], 0),
        ('maxpool padding over half the kernel', 'img', (3, 16, 16), [M('MaxPool2d', kernel_size=2, padding=2)], 0),
        ('avgpool kernel larger than input', 'img', (3, 4, 4), [C2(3, 8, 3), M('AvgPool2d', kernel_size=3)], 1),
        ('maxpool output too small', 'img', (4, 6, 6), [M('MaxPool2d', kernel_size=2), M('MaxPool2d', kernel_size=2),
                                                        M('MaxPool2d', kernel_size=2)], 2),
        ('reflection pad not smaller than input', 'img', (3, 4, 4), [M('ReflectionPad2d', padding=4)], 0),
        ('conv reflect padding too large', 'sig', (2, 3), [M('Conv1d', in_channels=2, out_channels=4, kernel_size=3,
                                                              padding=3, padding_mode='reflect')], 0),
        ('convtranspose output_padding not smaller than stride', 'img', (16, 7, 7),
         [M('ConvTranspose2d', in_channels=16, out_channels=8, kernel_size=3, stride=2, padding=1, output_padding=2)], 0),
        ('lstm input_size mismatch', 'seq', (10, 16), [M('LSTM', input_size=32, hidden_size=64, batch_first=True)], 0),
        ('gru after lstm with bidirectional output', 'seq', (10, 8),
         [M('LSTM', input_size=8, hidden_size=16, batch_first=True, bidirectional=True),
          M('GRU', input_size=16, hidden_size=16, batch_first=True)], 1),
        ('attention embed_dim mismatch', 'seq', (10, 32), [M('MultiheadAttention', embed_dim=64, num_heads=4,
                                                             batch_first=True)], 0),
        ('prelu channels mismatch', 'img', (3, 8, 8), [C2(3, 8, 3), M('PReLU', num_parameters=16)], 1),
        ('groupnorm channels mismatch', 'img', (3, 8, 8), [C2(3, 16, 3), M('GroupNorm', num_groups=4, num_channels=32)], 1),
        ('unflatten sizes do not multiply', 'feat', (100,), [M('Linear', in_features=100, out_features=96),
                                                              M('Unflatten', dim=1, unflattened_size=(3, 5, 5))], 1),
        ('conv1d on a 4D tensor', 'img', (3, 16, 16), [C2(3, 8, 3), M('Conv1d', in_channels=8, out_channels=8, kernel_size=3)], 1),
        ('batchnorm1d on a 4D tensor', 'img', (3, 16, 16), [C2(3, 8, 3), M('BatchNorm1d', num_features=8)], 1),
        ('instancenorm1d on (N, C) treats it as unbatched (C, L)', 'feat', (20,),
         [M('Linear', in_features=20, out_features=64), M('InstanceNorm1d', num_features=64, affine=True)], 1),
        ('instancenorm with one spatial element', 'img', (8, 4, 4),
         [M('AdaptiveAvgPool2d', output_size=1), M('InstanceNorm2d', num_features=8)], 1),
        ('bilinear in_features mismatch', 'feat', (32,), [M('Bilinear', in1_features=16, in2_features=16, out_features=8)], 0),
        ('bilinear mode needs 4D input', 'sig', (4, 16), [M('Upsample', scale_factor=2, mode='bilinear')], 0),
        ('embedding dim into conv1d channels', 'tok', (20,), [M('Embedding', num_embeddings=100, embedding_dim=16),
                                                             M('Conv1d', in_channels=16, out_channels=8, kernel_size=3)], 1),
        # rejected while the model is built
        ('same padding with stride', 'img', (3, 16, 16), [C2(3, 8, 3), C2(8, 16, 3, stride=2, padding='same')], 1),
        ('groups must divide in_channels', 'img', (6, 8, 8), [C2(6, 16, 3, groups=4)], 0),
        ('embed_dim not divisible by num_heads', 'seq', (10, 10), [M('MultiheadAttention', embed_dim=10, num_heads=3)], 0),
        ('groupnorm groups must divide channels', 'img', (3, 8, 8), [C2(3, 16, 3), M('GroupNorm', num_groups=3, num_channels=16)], 1),
        ('lstm proj_size not smaller than hidden_size', 'seq', (10, 8), [M('LSTM', input_size=8, hidden_size=16, proj_size=16)], 0),
    ]


# ---------------------------------------------------------------------------------------
# Hand-computed expectations, checked against PyTorch before generating
# ---------------------------------------------------------------------------------------
def hand_checks(T):
    nn = T.nn

    def run(m, shape, batch_dim=0, dtype='float32'):
        x = T.make_input(shape, dtype, batch_dim)
        out, extra = T.call(m, x)
        return (sum(p.numel() for p in m.parameters()), sum(b.numel() for b in m.buffers()),
                T.shape_of(out, batch_dim) if out is not None else None)

    def eq(what, got, want):
        if got != want:
            raise SystemExit(f'hand check {what}: PyTorch says {got}, hand formula says {want}')

    # LSTM(10, 20): 4 gates * (20*10 + 20*20 + 20 + 20) = 4 * 640 = 2560
    eq('LSTM(10, 20)', run(nn.LSTM(10, 20), (5, 10), 1), (4 * (20 * 10 + 20 * 20 + 20 + 20), 0, [5, 20]))
    # GRU(10, 20): 3 * 640 = 1920; RNN(10, 20): 640
    eq('GRU(10, 20)', run(nn.GRU(10, 20), (5, 10), 1)[0], 1920)
    eq('RNN(10, 20)', run(nn.RNN(10, 20), (5, 10), 1)[0], 640)
    # LSTM(10, 20, num_layers=2, bidirectional=True): layer 0 2*(80*10 + 80*20 + 160) = 5120,
    # layer 1 sees 2*20 = 40 inputs: 2*(80*40 + 80*20 + 160) = 9920; total 15040, output 40
    eq('LSTM 2 layers bidirectional', run(nn.LSTM(10, 20, num_layers=2, bidirectional=True, batch_first=True), (5, 10)),
       (15040, 0, [5, 40]))
    # LSTM(10, 20, proj_size=5): W_ih 80*10 + W_hh 80*5 + biases 160 + W_hr 5*20 = 1460, output 5
    eq('LSTM proj_size', run(nn.LSTM(10, 20, proj_size=5, batch_first=True), (5, 10)), (1460, 0, [5, 5]))
    # Conv2d(3, 32, 3) on 3x32x32: 32*3*9 + 32 = 896, 30x30
    eq('Conv2d', run(nn.Conv2d(3, 32, 3), (3, 32, 32)), (896, 0, [32, 30, 30]))
    # Conv2d(8, 16, 3, groups=4): 16 * (8/4) * 9 + 16 = 304
    eq('Conv2d groups', run(nn.Conv2d(8, 16, 3, groups=4, padding=1), (8, 10, 10)), (304, 0, [16, 10, 10]))
    # Conv1d(4, 4, 4, padding='same') on L=10: even kernel, still 10 (pads 1 left, 2 right); 4*4*4 + 4 = 68
    eq('Conv1d same even kernel', run(nn.Conv1d(4, 4, 4, padding='same'), (4, 10)), (68, 0, [4, 10]))
    # Conv2d stride 2 padding 1 on 32: floor((32 + 2 - 3) / 2) + 1 = 16
    eq('Conv2d stride 2', run(nn.Conv2d(3, 16, 3, stride=2, padding=1), (3, 32, 32))[2], [16, 16, 16])
    # ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1) on 7x7:
    # (7-1)*2 - 2*1 + (3-1) + 1 + 1 = 14; weight is [in, out/groups, k, k]: 16*8*9 + 8 = 1160
    m = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1)
    eq('ConvTranspose2d', run(m, (16, 7, 7)), (1160, 0, [8, 14, 14]))
    eq('ConvTranspose2d weight shape', list(m.weight.shape), [16, 8, 3, 3])
    # BatchNorm2d(64): weight + bias 128 params; running_mean + running_var + num_batches_tracked 129
    eq('BatchNorm2d', run(nn.BatchNorm2d(64), (64, 4, 4)), (128, 129, [64, 4, 4]))
    eq('BatchNorm1d no stats', run(nn.BatchNorm1d(64, track_running_stats=False), (64,)), (128, 0, [64]))
    # InstanceNorm2d(8): no parameters and no buffers by default
    eq('InstanceNorm2d', run(nn.InstanceNorm2d(8), (8, 4, 4))[:2], (0, 0))
    eq('InstanceNorm2d affine+stats', run(nn.InstanceNorm2d(8, affine=True, track_running_stats=True), (8, 4, 4))[:2],
       (16, 17))
    # MultiheadAttention(64, 8): in_proj 3*64*64 + 3*64, out_proj 64*64 + 64 = 16640
    eq('MHA', run(nn.MultiheadAttention(64, 8, batch_first=True), (10, 64)), (16640, 0, [10, 64]))
    # + add_bias_kv: bias_k and bias_v of (1, 1, 64): 16768
    eq('MHA add_bias_kv', run(nn.MultiheadAttention(64, 8, add_bias_kv=True), (10, 64), 1)[0], 16768)
    # kdim=32, vdim=16: q 64*64 + k 64*32 + v 64*16 + in_proj_bias 192 + out 4160 = 11520
    eq('MHA kdim vdim', sum(p.numel() for p in nn.MultiheadAttention(64, 8, kdim=32, vdim=16).parameters()), 11520)
    # Embedding(1000, 64) = 64000; Bilinear(16, 16, 8) = 8*16*16 + 8 = 2056
    eq('Embedding', run(nn.Embedding(1000, 64), (12,), 0, 'int64'), (64000, 0, [12, 64]))
    eq('Bilinear', run(nn.Bilinear(16, 16, 8), (16,)), (2056, 0, [8]))
    # LayerNorm((8, 16)) = 2*128 = 256; GroupNorm(4, 32) = 64; PReLU() = 1; PReLU(16) = 16
    eq('LayerNorm', run(nn.LayerNorm((8, 16)), (4, 8, 16))[0], 256)
    eq('GroupNorm', run(nn.GroupNorm(4, 32), (32, 4, 4))[0], 64)
    eq('PReLU', [run(nn.PReLU(), (16, 4))[0], run(nn.PReLU(16), (16, 4))[0]], [1, 16])
    # MaxPool2d(3, stride=2) on 8: floor((8-3)/2) + 1 = 3; ceil_mode: ceil(5/2) + 1 = 4
    eq('MaxPool2d', run(nn.MaxPool2d(3, stride=2), (1, 8, 8))[2], [1, 3, 3])
    eq('MaxPool2d ceil', run(nn.MaxPool2d(3, stride=2, ceil_mode=True), (1, 8, 8))[2], [1, 4, 4])
    # ceil_mode drops a last window that would start in the right padding:
    # L=5, k=2, s=2, p=1: ceil((5+2-2)/2) + 1 = 4, but window 4 starts at 6 >= 5+1, so 3
    eq('MaxPool1d ceil drop', run(nn.MaxPool1d(2, stride=2, padding=1, ceil_mode=True), (1, 5))[2], [1, 3])
    # Upsample(scale_factor=1.5) on 7: floor(7*1.5) = 10
    eq('Upsample 1.5', run(nn.Upsample(scale_factor=1.5), (1, 7, 7))[2], [1, 10, 10])
    # AdaptiveAvgPool2d((None, 3)) keeps H
    eq('AdaptiveAvgPool2d None', run(nn.AdaptiveAvgPool2d((None, 3)), (2, 5, 9))[2], [2, 5, 3])
    # ConstantPad2d with a negative pad crops
    eq('ConstantPad2d negative', run(nn.ConstantPad2d((-1, 2, 0, 1), 0.0), (1, 4, 4))[2], [1, 5, 5])
    # LSTM h_n/c_n with proj_size: h_n (D*layers, N, proj), c_n (D*layers, N, hidden)
    lstm = nn.LSTM(10, 20, num_layers=2, bidirectional=True, proj_size=5, batch_first=True)
    _, (h, c) = lstm(T.make_input((7, 10), 'float32', 0))
    eq('LSTM h_n c_n', [list(h.shape), list(c.shape)], [[4, BATCH, 5], [4, BATCH, 20]])


# ---------------------------------------------------------------------------------------
# JSON output: one line per module, a few lines per case
# ---------------------------------------------------------------------------------------
def dumps(v):
    return json.dumps(v, separators=(',', ':'), ensure_ascii=False)


def write_json(cases, path):
    parts = []
    for c in cases:
        lines = ['  {', f'    "id": {dumps(c["id"])},', f'    "code": {dumps(c["code"])},',
                 f'    "input_shape": {dumps(c["input_shape"])},']
        for k in ('input_dtype', 'batch_dim'):
            if k in c:
                lines.append(f'    "{k}": {dumps(c[k])},')
        lines.append('    "modules": [')
        lines.append(',\n'.join(f'      {dumps(m)}' for m in c['modules']))
        lines.append('    ],')
        tail = f'    "total": {c["total"]}, "trainable": {c["trainable"]}, "buffers": {c["buffers"]}'
        if 'error' in c:
            tail += f',\n    "error": {dumps(c["error"])}'
        lines.append(tail)
        lines.append('  }')
        parts.append('\n'.join(lines))
    text = '[\n' + ',\n'.join(parts) + '\n]\n'
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return text


# ---------------------------------------------------------------------------------------
# --check: re-read the JSON, verify the sums, print coverage
# ---------------------------------------------------------------------------------------
def check(path):
    with open(path, encoding='utf-8') as f:
        cases = json.load(f)
    problems = []
    per_module, per_module_ok = Counter(), Counter()
    ids = set()
    n_err = n_frozen = 0
    for c in cases:
        cid = c['id']
        if cid in ids:
            problems.append(f'{cid}: duplicate id')
        ids.add(cid)
        for key in ('params', 'trainable', 'buffers'):
            want = sum(m[key] for m in c['modules'])
            got = c['total' if key == 'params' else key]
            if got != want:
                problems.append(f'{cid}: {key} {got} != sum of modules {want}')
        if c['trainable'] != c['total']:
            n_frozen += 1
        seen = set()
        for i, m in enumerate(c['modules']):
            if m['params'] != sum(numel(s) for _, s in m['parameters']):
                problems.append(f'{cid}[{i}]: params != sum of parameter shapes')
            if m['buffers'] != sum(numel(s) for _, s in m['buffer_list']):
                problems.append(f'{cid}[{i}]: buffers != sum of buffer shapes')
            if not 0 <= m['trainable'] <= m['params']:
                problems.append(f'{cid}[{i}]: trainable out of range')
            if m['output_shape'] is None and 'note' not in m:
                problems.append(f'{cid}[{i}]: no output shape and no note')
            seen.add(m['module'])
        for mod in seen:
            per_module[mod] += 1
            if 'error' not in c:
                per_module_ok[mod] += 1
        if 'error' in c:
            n_err += 1
            e = c['error']
            if e['module_index'] != len(c['modules']):
                problems.append(f'{cid}: error index {e["module_index"]} but {len(c["modules"])} modules recorded')
    try:
        import torch.nn as nn
        required = [r for r in REQUIRED if hasattr(nn, r)]
        absent = [r for r in REQUIRED if not hasattr(nn, r)]
    except ImportError:
        required, absent = REQUIRED, []
    missing = [r for r in required if per_module_ok[r] == 0]
    if missing:
        problems.append(f'modules with no (non-error) case: {missing}')
    if len(cases) < 250:
        problems.append(f'only {len(cases)} cases')
    if n_err < 15:
        problems.append(f'only {n_err} error cases')
    print(f'{len(cases)} cases ({n_err} error cases, {n_frozen} with frozen parameters) in {path}')
    print('cases per module (cases that run without error, all cases):')
    width = max(len(r) for r in required)
    for r in required:
        print(f'  {r:<{width}} {per_module_ok[r]:4d} {per_module[r]:4d}')
    if absent:
        print(f'not in this torch version (skipped): {", ".join(absent)}')
    print('code features (cases whose code contains it; keyword forms only):')
    for label, sub in FEATURES:
        print(f'  {label:<22} {sum(1 for c in cases if sub in c["code"]):4d}')
    print('recorded features (cases that have it):')
    params = lambda c: [p[0] for m in c['modules'] for p in m['parameters']]
    mods = lambda c, k: [m for m in c['modules'] if m['module'] == k]
    for label, test in [
            ('sequence-first (batch_dim 1)', lambda c: c.get('batch_dim') == 1),
            ('int64 token input', lambda c: c.get('input_dtype') == 'int64'),
            ('frozen parameters', lambda c: c['trainable'] != c['total']),
            ('counts-only module', lambda c: any('note' in m for m in c['modules'])),
            ('RNN reverse direction', lambda c: any(p.endswith('_reverse') for p in params(c))),
            ('RNN 2+ layers', lambda c: any(p.startswith('weight_ih_l1') for p in params(c))),
            ('LSTM projection', lambda c: any(p.startswith('weight_hr_l0') for p in params(c))),
            ('MHA bias_k/bias_v', lambda c: 'bias_k' in params(c)),
            ('MHA kdim/vdim', lambda c: 'q_proj_weight' in params(c)),
            ('BatchNorm without stats', lambda c: any(m['buffers'] == 0 for k in ('BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d')
                                                      for m in mods(c, k))),
            ('InstanceNorm with stats', lambda c: any(m['buffers'] > 0 for k in ('InstanceNorm1d', 'InstanceNorm2d',
                                                      'InstanceNorm3d') for m in mods(c, k))),
            ('construction errors', lambda c: c.get('error', {}).get('stage') == 'construct'),
            ('run errors', lambda c: c.get('error', {}).get('stage') == 'run')]:
        print(f'  {label:<30} {sum(1 for c in cases if test(c)):4d}')
    if problems:
        for p in problems:
            print('PROBLEM:', p)
        return 1
    print('check passed')
    return 0


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description='Generates or checks tests/reference/torch_cases.json')
    ap.add_argument('--out', default=DEFAULT_OUT)
    ap.add_argument('--seed', type=int, default=20240611)
    ap.add_argument('--check', nargs='?', const=DEFAULT_OUT, default=None, metavar='FILE')
    opts = ap.parse_args()
    if opts.check:
        return check(opts.check)

    T = Torch()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        hand_checks(T)
    nn = T.nn
    rng = random.Random(opts.seed)
    cases = []

    def add(specs, dom0, shape0, batch_dim, **kw):
        cid = f'torch_{len(cases):03d}'
        cases.append(materialize(T, rng, cid, specs, shape0, dom0, batch_dim, **kw))

    # 1. around every module: one case with the module alone, two in a stack
    focus = list(GENS)
    for cls in focus:
        for single in (True, False, False):
            ch = focus_case(T, rng, cls, single)
            add(ch.specs, ch.dom0, ch.shape0, ch.batch_dim)
    # extra variety for the modules with the most arguments
    more = {'Conv1d': 4, 'Conv2d': 6, 'Conv3d': 3, 'ConvTranspose1d': 4, 'ConvTranspose2d': 5, 'ConvTranspose3d': 3,
            'RNN': 4, 'LSTM': 7, 'GRU': 5, 'MultiheadAttention': 5, 'Bilinear': 2, 'Embedding': 3,
            'BatchNorm1d': 2, 'BatchNorm2d': 2, 'BatchNorm3d': 1, 'InstanceNorm1d': 2, 'InstanceNorm2d': 2,
            'InstanceNorm3d': 1, 'LayerNorm': 3, 'GroupNorm': 2, 'Upsample': 4, 'Flatten': 2, 'Unflatten': 2,
            'PReLU': 2, 'Softmax': 1, 'LogSoftmax': 1}
    for p in ('Max', 'Avg'):
        for n in (1, 2, 3):
            more[f'{p}Pool{n}d'] = 2
            more[f'Adaptive{p}Pool{n}d'] = 1
    for cls, n in more.items():
        for _ in range(n):
            ch = focus_case(T, rng, cls, rng.random() < 0.4)
            add(ch.specs, ch.dom0, ch.shape0, ch.batch_dim)
    # MultiheadAttention with kdim/vdim (counts only) and Bilinear with two sizes would need
    # two inputs: last module of their case
    for _ in range(3):
        ch = Chain(T, 'seq', random_input(rng, 'seq'), rng.random() < 0.3)
        if rng.random() < 0.5:
            ch.add_filler(rng, keep_domain=True, pool={'Linear', 'LayerNorm', 'ReLU', 'Dropout'})
        while not ch.try_add(g_mha(rng, ch.shape, ch.ctx, allow_kv=True)):
            pass
        add(ch.specs, ch.dom0, ch.shape0, ch.batch_dim)

    for dom0, shape0, specs, seqfirst in sweeps():
        add(specs, dom0, shape0, 1 if seqfirst else 0)

    # 2. tutorial models
    for name, dom0, shape0, specs, seqfirst in realistic(rng):
        add(specs, dom0, shape0, 1 if seqfirst else 0)

    # 3. frozen parameters (trainable < params)
    for style in ('inline', 'inline', 'loop', 'loop', 'helper', 'helper', 'bias', 'bias'):
        for _ in range(50):
            ch = focus_case(T, rng, rng.choice(['Conv2d', 'Linear', 'LSTM', 'BatchNorm2d', 'Conv1d', 'Embedding']), False)
            idx = [i for i, s in enumerate(ch.specs) if
                   sum(p.numel() for p in T.build(s).parameters()) > 0 and
                   (style != 'bias' or isinstance(getattr(T.build(s), 'bias', None), nn.Parameter))]
            if idx:
                break
        chosen = sorted(rng.sample(idx, min(len(idx), rng.choice([1, 1, 2]))))
        add(ch.specs, ch.dom0, ch.shape0, ch.batch_dim, freeze=(style, chosen))
    # and a tutorial-style frozen feature extractor
    name, dom0, shape0, specs, _ = realistic(rng)[2]
    add(specs, dom0, shape0, 0, freeze=('loop', [0, 3]))

    # 4. errors
    for what, dom0, shape0, specs, idx in error_cases():
        add(specs, dom0, shape0, 0, expect_error=idx)

    text = write_json(cases, opts.out)
    n_mod = sum(len(c['modules']) for c in cases)
    print(f'wrote {len(cases)} cases, {n_mod} modules to {os.path.relpath(opts.out)} '
          f'({len(text) // 1024} KiB) with torch {T.torch.__version__}', file=sys.stderr)
    for w, n in sorted(T.warnings.items()):
        print(f'  warning x{n}: {w}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
