"""ONNX export in the layout of `optimum-cli export onnx --task text-generation-with-past` (model.onnx):

inputs  input_ids [batch, seq], attention_mask [batch, past+seq], position_ids [batch, seq],
        past_key_values.N.key / .value [batch, kv_heads, past, head_dim]
outputs logits [batch, seq, vocab], present.N.key / .value [batch, kv_heads, past+seq, head_dim]

The past may be empty (past length 0), so one graph serves both the prompt (prefill) and each
following token (decode).
"""
import json
import os

import torch
from torch import nn

from .gpt import layers_of


class _Flat(nn.Module):
    """The model with past key/values as separate tensors, the way ONNX needs them."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        return (logits,) + tuple(t for kv in presents for t in kv)


def export(model, path):
    model.eval()
    layers = len(layers_of(model))
    batch, past_len, seq = 2, 3, 4
    inputs = [torch.randint(0, 10, (batch, seq)), torch.ones(batch, past_len + seq, dtype=torch.long),
              torch.arange(past_len, past_len + seq).repeat(batch, 1)]
    inputs += [torch.zeros(batch, model.kv_heads, past_len, model.head_dim) for _ in range(2 * layers)]
    past_names = [f"past_key_values.{i}.{kv}" for i in range(layers) for kv in ("key", "value")]
    present_names = [f"present.{i}.{kv}" for i in range(layers) for kv in ("key", "value")]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    axes.update({n: {0: "batch_size", 2: "past_sequence_length"} for n in past_names})
    axes.update({n: {0: "batch_size", 2: "past_sequence_length + sequence_length"} for n in present_names})
    # No constant folding: it would store the transposed copy of GPT-2's tied embedding that the output
    # layer multiplies by, a second copy of the largest weight. ONNX Runtime folds it when it loads.
    with torch.no_grad():
        torch.onnx.export(_Flat(model), tuple(inputs), path, opset_version=14, do_constant_folding=False,
                          input_names=["input_ids", "attention_mask", "position_ids"] + past_names,
                          output_names=["logits"] + present_names, dynamic_axes=axes)


def write_configs(directory, hf_config, generation_config):
    with open(os.path.join(directory, "config.json"), "w", encoding="utf-8") as f:
        json.dump(hf_config, f, indent=2)
        f.write("\n")
    with open(os.path.join(directory, "generation_config.json"), "w", encoding="utf-8") as f:
        json.dump(generation_config, f, indent=2)
        f.write("\n")


def merge_with_cache_branch(source, target):
    """Rewrites a model.onnx into the shape of Optimum's decoder_model_merged.onnx: one If node on a
    boolean `use_cache_branch` input [1] choosing between a with-past and a without-past branch.

    Both branches here are the same graph (it already accepts an empty past), which is enough to check
    that a runtime feeds use_cache_branch and the other inputs the way merged exports expect.
    """
    import copy

    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(source)
    graph = model.graph
    outer = {i.name for i in graph.input} | {i.name for i in graph.initializer}

    def branch(prefix):
        def rename(name):
            return name if name in outer or not name else prefix + name
        nodes = []
        for node in graph.node:
            node = copy.deepcopy(node)
            node.name = prefix + node.name
            node.input[:] = [rename(n) for n in node.input]
            node.output[:] = [rename(n) for n in node.output]
            nodes.append(node)
        outputs = []
        for out in graph.output:
            info = copy.deepcopy(out)
            info.name = rename(out.name)
            outputs.append(info)
        return helper.make_graph(nodes, prefix.rstrip("/"), [], outputs)

    condition = helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1])
    if_node = helper.make_node("If", ["use_cache_branch"], [o.name for o in graph.output],
                               then_branch=branch("with_past/"), else_branch=branch("without_past/"))
    merged = helper.make_graph([if_node], "merged_decoder", list(graph.input) + [condition], list(graph.output),
                               initializer=list(graph.initializer))
    result = helper.make_model(merged, opset_imports=model.opset_import, producer_name="tinygpt")
    onnx.checker.check_model(result)
    onnx.save(result, target)
