#!/usr/bin/python3
"""Trains fortune-gpt, the project's demo completion model: a small GPT-2 trained from scratch on the
English fortune cookies of Debian's `fortunes` package, exported to ONNX in the Optimum
text-generation-with-past layout with its tokenizer.json, config.json and generation_config.json.

It is a toy: it writes fortune-like English, not facts and not answers. It exists so that the demo and
the tests of the completion path run on a real, self-made model with no download.

    nice -n 10 /usr/bin/python3 models/fortune-gpt/train.py            # about half an hour on 2 cores
    /usr/bin/python3 models/fortune-gpt/train.py --export-only         # re-export the saved checkpoint

Needs Debian's python3-torch, python3-onnx, python3-numpy and fortunes. Chinese (fortunes-zh) is left
out on purpose: at this size a second script and language would take vocabulary and capacity from the
first, and the demo needs one language that reads well more than two that do not.
"""
import argparse
import glob
import json
import math
import os
import random
import re
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))

from tinygpt.bpe import ByteLevelBPE, END_OF_TEXT  # noqa: E402
from tinygpt.export import export, write_configs  # noqa: E402
from tinygpt.gpt import GPT2, GPT2Config  # noqa: E402

DEFAULT_OUT = os.path.join(ROOT, "model-runtime/src/main/resources/io/textenrich/model/generate/fortune-gpt")
# Pictures, Chinese and untranslated collections; the rest is English prose and verse.
SKIPPED = {"art", "ascii-art", "chinese", "tang300", "song100", "translate-me"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SAMPLE_PROMPTS = ["The best way to", "A computer is", "Love is", "Never trust a"]


def read_fortunes(directory):
    fortunes = []
    for path in sorted(glob.glob(os.path.join(directory, "*"))):
        name = os.path.basename(path)
        if "." in name or os.path.islink(path) or not os.path.isfile(path) or name in SKIPPED:
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = ANSI.sub("", f.read())
        fortunes += [p.strip("\n") for p in re.split(r"^%$", text, flags=re.M) if p.strip()]
    return fortunes


def token_stream(bpe, fortunes):
    """Every fortune preceded by <|endoftext|>, so a prompt is continued like the start of a fortune."""
    ids = []
    for text in fortunes:
        ids.append(bpe.end_of_text)
        ids.extend(bpe.encode(text))
    return torch.tensor(ids, dtype=torch.long)


def batches(stream, batch, ctx, generator):
    starts = torch.randint(0, len(stream) - ctx - 1, (batch,), generator=generator)
    rows = torch.stack([stream[s:s + ctx + 1] for s in starts.tolist()])
    return rows[:, :-1], rows[:, 1:]


@torch.no_grad()
def evaluate(model, stream, ctx):
    model.eval()
    losses = []
    for s in range(0, len(stream) - ctx - 1, ctx):
        window = stream[s:s + ctx + 1].unsqueeze(0)
        logits, _ = model(window[:, :-1])
        losses.append(torch.nn.functional.cross_entropy(logits[0], window[0, 1:]).item())
    model.train()
    return sum(losses) / len(losses)


@torch.no_grad()
def sample(model, bpe, prompt, tokens=40, temperature=0.8, top_k=40, seed=1):
    model.eval()
    generator = torch.Generator().manual_seed(seed)
    ids = [bpe.end_of_text] + bpe.encode(prompt)
    out = []
    for _ in range(tokens):
        logits, _ = model(torch.tensor([ids[-model.cfg.n_positions:]]))
        scores = logits[0, -1] / temperature
        kth = torch.topk(scores, top_k).values[-1]
        scores[scores < kth] = -float("inf")
        nxt = torch.multinomial(torch.softmax(scores, -1), 1, generator=generator).item()
        if nxt == bpe.end_of_text:
            break
        ids.append(nxt)
        out.append(nxt)
    model.train()
    return prompt + bpe.decode(out)


def train(args):
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()
    fortunes = read_fortunes(args.fortunes)
    held_out = fortunes[::20]
    training = [f for i, f in enumerate(fortunes) if i % 20]
    bpe = ByteLevelBPE.train(training, args.vocab)
    train_ids = token_stream(bpe, training)
    val_ids = token_stream(bpe, held_out)
    print(f"{len(fortunes)} fortunes, {sum(map(len, fortunes)) / 1e6:.1f} M characters; vocabulary {len(bpe.vocab)};"
          f" {len(train_ids) / 1e6:.2f} M training tokens, {len(val_ids) / 1e3:.0f} k held-out tokens;"
          f" tokenizer in {time.time() - started:.0f} s", flush=True)

    cfg = GPT2Config(vocab_size=len(bpe.vocab), n_positions=args.ctx, n_embd=args.n_embd, n_layer=args.n_layer,
                     n_head=args.n_head, bos_token_id=bpe.end_of_text, eos_token_id=bpe.end_of_text)
    model = GPT2(cfg)
    for name, p in model.named_parameters():
        if name.endswith("c_proj.weight") or name.endswith("mlp.2.weight"):
            # GPT-2's scaled init of the projections into the residual stream.
            torch.nn.init.normal_(p, std=0.02 / math.sqrt(2 * cfg.n_layer))
        elif p.dim() == 2:
            torch.nn.init.normal_(p, std=0.02)
    print(f"model: {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters, {cfg}", flush=True)
    decay = [p for p in model.parameters() if p.dim() == 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95))
    generator = torch.Generator().manual_seed(args.seed)
    warmup = max(1, args.steps // 20)
    running = None
    train_start = time.time()
    for step in range(1, args.steps + 1):
        lr = args.lr * min(step / warmup, 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches(train_ids, args.batch, args.ctx, generator)
        logits, _ = model(x)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, cfg.vocab_size), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if step % args.log_every == 0 or step == args.steps:
            elapsed = time.time() - train_start
            line = (f"step {step}/{args.steps}  loss {running:.3f}  lr {lr:.2e}  "
                    f"{step * args.batch * args.ctx / elapsed:.0f} tokens/s  {elapsed / 60:.1f} min")
            if step % (args.log_every * 5) == 0 or step == args.steps:
                line += f"  held-out loss {evaluate(model, val_ids, args.ctx):.3f}"
            print(line, flush=True)
    minutes = (time.time() - train_start) / 60
    val = evaluate(model, val_ids, args.ctx)
    os.makedirs(args.work, exist_ok=True)
    torch.save({"config": cfg.__dict__, "merges": bpe.merges, "state": model.state_dict(),
                "report": {"train_loss": running, "held_out_loss": val, "train_minutes": minutes, "steps": args.steps,
                           "batch": args.batch, "train_tokens": len(train_ids), "fortunes": len(fortunes)}},
               os.path.join(args.work, "checkpoint.pt"))
    print(f"trained in {minutes:.1f} min: train loss {running:.3f}, held-out loss {val:.3f}"
          f" (perplexity {math.exp(val):.1f})", flush=True)


def export_checkpoint(args):
    saved = torch.load(os.path.join(args.work, "checkpoint.pt"))
    cfg = GPT2Config(**saved["config"])
    model = GPT2(cfg)
    model.load_state_dict(saved["state"])
    bpe = ByteLevelBPE([tuple(m) for m in saved["merges"]])
    os.makedirs(args.out, exist_ok=True)
    export(model, os.path.join(args.out, "model.onnx"))
    bpe.save(os.path.join(args.out, "tokenizer.json"))
    hf = cfg.hf_config()
    hf["training"] = dict(saved["report"], corpus="Debian package fortunes (English collections)")
    write_configs(args.out, hf, {"bos_token_id": cfg.bos_token_id, "eos_token_id": cfg.eos_token_id,
                                 "do_sample": True, "temperature": 0.8, "top_k": 40, "top_p": 0.95,
                                 "repetition_penalty": 1.1, "max_new_tokens": 48})
    total = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"exported to {args.out}: {total / 1e6:.1f} MB", flush=True)
    for prompt in SAMPLE_PROMPTS:
        print(json.dumps(sample(model, bpe, prompt)), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--fortunes", default="/usr/share/games/fortunes")
    p.add_argument("--out", default=DEFAULT_OUT, help="where the exported model goes")
    p.add_argument("--work", default=os.path.join(HERE, "work"), help="checkpoint directory (not committed)")
    p.add_argument("--export-only", action="store_true", help="export the saved checkpoint without training")
    p.add_argument("--vocab", type=int, default=2048)
    p.add_argument("--ctx", type=int, default=128)
    p.add_argument("--n-embd", type=int, default=192)
    p.add_argument("--n-layer", type=int, default=4)
    p.add_argument("--n-head", type=int, default=6)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=1800)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--log-every", type=int, default=50)
    args = p.parse_args()
    if not args.export_only:
        train(args)
    export_checkpoint(args)


if __name__ == "__main__":
    main()
