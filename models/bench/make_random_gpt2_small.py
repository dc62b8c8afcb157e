#!/usr/bin/python3
"""Writes a decoder with GPT-2 small's body (12 layers, 12 heads, 768 dimensions, 1,024 positions) and
seeded random weights, with fortune-gpt's 2,048-token tokenizer, in the Optimum layout. Its completions
are noise; it exists to show what the KV cache and continuous batching gain at the size of a real
model, where the demo model is too small for the figures to mean much:

    /usr/bin/python3 models/bench/make_random_gpt2_small.py /tmp/gpt2-small-shape
    bin/enrich bench --scenario complete --model /tmp/gpt2-small-shape

The file is about 350 MB, so it is made on demand and never committed.
"""
import os
import shutil
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))

from tinygpt.export import export, write_configs  # noqa: E402
from tinygpt.gpt import GPT2, GPT2Config  # noqa: E402

FORTUNE_GPT = os.path.join(ROOT, "model-runtime/src/main/resources/io/textenrich/model/generate/fortune-gpt")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_random_gpt2_small.py OUTPUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cfg = GPT2Config(vocab_size=2048, n_positions=1024, n_embd=768, n_layer=12, n_head=12, bos_token_id=2047,
                     eos_token_id=2047)
    torch.manual_seed(3)
    model = GPT2(cfg)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2:
                # Wide weights keep logits apart, so greedy decoding with and without the cache (which
                # the benchmark checks give the same tokens) never meets a near-tie.
                p.normal_(0, 1.0 if ("wte" in name or "wpe" in name) else 1.5 / p.shape[1] ** 0.5)
    export(model.eval(), os.path.join(out, "model.onnx"))
    shutil.copy(os.path.join(FORTUNE_GPT, "tokenizer.json"), out)
    write_configs(out, cfg.hf_config(), {"bos_token_id": 2047, "eos_token_id": 2047})
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.0f} M parameters in {out}")


if __name__ == "__main__":
    main()
