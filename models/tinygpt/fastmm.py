"""Matrix products for training through oneDNN's forward convolutions.

Debian's PyTorch is linked to the reference BLAS, whose matrix products (and torch.bmm) run at a few
GFLOP/s on this kind of CPU; its oneDNN 1x1 convolutions run the same products 10 to 20 times faster.
Only forward convolutions are fast (oneDNN's weight-gradient kernel is not), so each backward pass
is written as forward convolutions too. During ONNX export the plain torch ops are used, so the
exported graph holds ordinary MatMul nodes.
"""
import torch
import torch.nn.functional as F


def _nt(a, b):
    """a [N, K] times b [M, K] transposed -> [N, M], as a 1x1 convolution over a batch of N pixels."""
    return F.conv2d(a.reshape(a.shape[0], a.shape[1], 1, 1), b.reshape(b.shape[0], b.shape[1], 1, 1)) \
        .reshape(a.shape[0], b.shape[0])


def _bnt(a, b):
    """a [G, M, K] times b [G, N, K] transposed -> [G, M, N], as one grouped convolution."""
    g, m, k = a.shape
    n = b.shape[1]
    out = F.conv2d(a.transpose(1, 2).reshape(1, g * k, m, 1), b.reshape(g * n, k, 1, 1), groups=g)
    return out.reshape(g, n, m).transpose(1, 2)


class _Dense(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight):
        ctx.save_for_backward(x, weight)
        return _nt(x, weight)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        grad = grad.contiguous()
        grad_x = _nt(grad, weight.t().contiguous())
        grad_w = _nt(grad.t().contiguous(), x.t().contiguous())
        return grad_x, grad_w


class _BatchedNT(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _bnt(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_a = _bnt(grad.contiguous(), b.transpose(1, 2).contiguous())
        grad_b = _bnt(grad.transpose(1, 2).contiguous(), a.transpose(1, 2).contiguous())
        return grad_a, grad_b


def _fast():
    return not torch.onnx.is_in_onnx_export()


def linear(x, weight, bias=None):
    """F.linear(x, weight, bias)."""
    if not _fast():
        return F.linear(x, weight, bias)
    y = _Dense.apply(x.reshape(-1, x.shape[-1]).contiguous(), weight)
    if bias is not None:
        y = y + bias
    return y.reshape(*x.shape[:-1], weight.shape[0])


def matmul_nt(a, b):
    """a [..., M, K] @ b[..., N, K].transpose(-1, -2) over matching leading dimensions."""
    if not _fast():
        return torch.matmul(a, b.transpose(-1, -2))
    lead = a.shape[:-2]
    y = _BatchedNT.apply(a.reshape(-1, *a.shape[-2:]).contiguous(), b.reshape(-1, *b.shape[-2:]).contiguous())
    return y.reshape(*lead, a.shape[-2], b.shape[-2])
