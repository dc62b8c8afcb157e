"""Decoder-only transformers whose forward pass has the Optimum text-generation-with-past signature:
(input_ids, attention_mask, position_ids, past key/values per layer) -> (logits, present key/values).

GPT2 follows Hugging Face's GPT-2 (learned positions, LayerNorm, GELU, tied embeddings); Llama follows
Llama/Qwen2 (rotary positions, RMSNorm, SwiGLU, grouped-query attention with fewer key/value heads).
Weight names match Hugging Face's so a state dict could be carried over by hand, but nothing here
depends on the transformers library.
"""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from . import fastmm


class Dense(nn.Linear):
    """nn.Linear whose training pass goes through fastmm (see there why)."""

    def forward(self, x):
        return fastmm.linear(x, self.weight, self.bias)


def attention_allowed(attention_mask, query_length, past):
    """Which keys each query may attend, [B or 1, 1, S, P+S]: causal, and only real tokens (attention_mask).

    Computed once per forward pass, not per layer, to keep the exported graph small."""
    past_length = 0 if past is None else past[0][0].shape[2]
    query_pos = torch.arange(query_length).unsqueeze(1) + past_length
    key_pos = torch.arange(past_length + query_length).unsqueeze(0)
    allowed = (key_pos <= query_pos)[None, None]
    if attention_mask is not None:
        allowed = allowed & attention_mask.bool()[:, None, None, :]
    return allowed


def _attend(q, k, v, allowed):
    """Attention of q [B, H, S, D] over k, v [B, H, P+S, D] where `allowed`.

    Masked scores are replaced (not added to) with the float minimum, so a query whose keys are all
    masked (a left-padding query) gets a uniform softmax instead of NaN.
    """
    scores = fastmm.matmul_nt(q, k) / math.sqrt(q.shape[-1])
    scores = torch.where(allowed, scores, torch.tensor(torch.finfo(scores.dtype).min, dtype=scores.dtype))
    return fastmm.matmul_nt(torch.softmax(scores, dim=-1), v.transpose(-1, -2))


@dataclass
class GPT2Config:
    vocab_size: int
    n_positions: int = 128
    n_embd: int = 64
    n_layer: int = 2
    n_head: int = 4
    bos_token_id: int = 0
    eos_token_id: int = 0

    def hf_config(self):
        c = asdict(self)
        c.update({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_ctx": self.n_positions,
                  "n_inner": None, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
                  "tie_word_embeddings": True, "use_cache": True})
        return c


class GPT2Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg.n_head
        self.c_attn = Dense(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = Dense(cfg.n_embd, cfg.n_embd)

    def forward(self, x, allowed, past):
        b, s, e = x.shape
        q, k, v = self.c_attn(x).split(e, dim=2)
        q, k, v = (t.view(b, s, self.heads, e // self.heads).transpose(1, 2) for t in (q, k, v))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        y = _attend(q, k, v, allowed)
        return self.c_proj(y.transpose(1, 2).reshape(b, s, e)), (k, v)


class GPT2Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.attn = GPT2Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.mlp = nn.Sequential(Dense(cfg.n_embd, 4 * cfg.n_embd), nn.GELU(approximate="tanh"),
                                 Dense(4 * cfg.n_embd, cfg.n_embd))

    def forward(self, x, allowed, past):
        a, present = self.attn(self.ln_1(x), allowed, past)
        x = x + a
        return x + self.mlp(self.ln_2(x)), present


class GPT2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.h = nn.ModuleList(GPT2Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd)

    @property
    def kv_heads(self):
        return self.cfg.n_head

    @property
    def head_dim(self):
        return self.cfg.n_embd // self.cfg.n_head

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        if position_ids is None:
            position_ids = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(position_ids)
        allowed = attention_allowed(attention_mask, input_ids.shape[1], past)
        presents = []
        for i, block in enumerate(self.h):
            x, present = block(x, allowed, None if past is None else past[i])
            presents.append(present)
        # Tied output layer: a product with the embedding itself keeps one copy of it in the ONNX file.
        logits = fastmm.linear(self.ln_f(x), self.wte.weight)
        return logits, presents


@dataclass
class LlamaConfig:
    vocab_size: int
    max_position_embeddings: int = 128
    hidden_size: int = 64
    intermediate_size: int = 128
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    head_dim: int = 16
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-6
    bos_token_id: int = 0
    eos_token_id: int = 0

    def hf_config(self):
        c = asdict(self)
        c.update({"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_act": "silu",
                  "tie_word_embeddings": False, "use_cache": True})
        return c


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return self.weight * x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)


def _rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def _repeat_heads(x, cfg):
    """[B, kv_heads, T, D] -> [B, heads, T, D], each key/value head serving a run of query heads.

    expand + reshape rather than repeat_interleave, whose ONNX export fixes the batch size."""
    b, kv, t, d = x.shape
    groups = cfg.num_attention_heads // kv
    return x[:, :, None, :, :].expand(b, kv, groups, t, d).reshape(b, kv * groups, t, d)


class LlamaAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg.head_dim
        self.q_proj = Dense(cfg.hidden_size, cfg.num_attention_heads * d, bias=False)
        self.k_proj = Dense(cfg.hidden_size, cfg.num_key_value_heads * d, bias=False)
        self.v_proj = Dense(cfg.hidden_size, cfg.num_key_value_heads * d, bias=False)
        self.o_proj = Dense(cfg.num_attention_heads * d, cfg.hidden_size, bias=False)

    def forward(self, x, cos, sin, allowed, past):
        cfg = self.cfg
        b, s, _ = x.shape
        d = cfg.head_dim
        q = self.q_proj(x).view(b, s, cfg.num_attention_heads, d).transpose(1, 2)
        k = self.k_proj(x).view(b, s, cfg.num_key_value_heads, d).transpose(1, 2)
        v = self.v_proj(x).view(b, s, cfg.num_key_value_heads, d).transpose(1, 2)
        q = q * cos + _rotate_half(q) * sin
        k = k * cos + _rotate_half(k) * sin
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        # The cache keeps only the key/value heads; each serves num_attention_heads / num_key_value_heads queries.
        y = _attend(q, _repeat_heads(k, cfg), _repeat_heads(v, cfg), allowed)
        return self.o_proj(y.transpose(1, 2).reshape(b, s, cfg.num_attention_heads * d)), (k, v)


class LlamaBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.input_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.self_attn = LlamaAttention(cfg)
        self.post_attention_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.gate_proj = Dense(cfg.hidden_size, cfg.intermediate_size, bias=False)
        self.up_proj = Dense(cfg.hidden_size, cfg.intermediate_size, bias=False)
        self.down_proj = Dense(cfg.intermediate_size, cfg.hidden_size, bias=False)

    def forward(self, x, cos, sin, allowed, past):
        a, present = self.self_attn(self.input_layernorm(x), cos, sin, allowed, past)
        x = x + a
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h)), present


class Llama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList(LlamaBlock(cfg) for _ in range(cfg.num_hidden_layers))
        self.norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.lm_head = Dense(cfg.hidden_size, cfg.vocab_size, bias=False)
        inv_freq = 1.0 / (cfg.rope_theta ** (torch.arange(0, cfg.head_dim, 2).float() / cfg.head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    @property
    def kv_heads(self):
        return self.cfg.num_key_value_heads

    @property
    def head_dim(self):
        return self.cfg.head_dim

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        if position_ids is None:
            position_ids = torch.arange(input_ids.shape[1]).unsqueeze(0)
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq
        angles = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)
        cos, sin = angles.cos(), angles.sin()
        x = self.embed_tokens(input_ids)
        allowed = attention_allowed(attention_mask, input_ids.shape[1], past)
        presents = []
        for i, layer in enumerate(self.layers):
            x, present = layer(x, cos, sin, allowed, None if past is None else past[i])
            presents.append(present)
        return self.lm_head(self.norm(x)), presents


def layers_of(model):
    return model.h if isinstance(model, GPT2) else model.layers
