#!/usr/bin/python3
"""Writes the free encoder: an ONNX graph with all-MiniLM-L6-v2's inputs and output that computes next
to nothing, so that a run of the service on it measures the pipeline around the model.

Inputs, as the MiniLM export shipped in the Maven artifact: input_ids, attention_mask, token_type_ids,
int64 [batch_size, sequence_length]. Output: last_hidden_state, float [batch_size, sequence_length, 384],
which is the attention mask cast to float and broadcast over the 384 hidden dimensions (Cast, Unsqueeze,
Mul by a row of ones). Mean pooling of it gives the same vector for every text.

    pip install onnx
    python3 models/bench/make_free_encoder.py benchmark/src/main/resources/io/textenrich/bench/free-encoder

writes model.onnx (about 2 KB) and config.json there; the benchmark adds MiniLM's tokenizer.json from the
Maven artifact when it lays the model directory out, since the service tokenizes every text.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 384
# Opset and IR version that every ONNX Runtime the project may run on reads.
OPSET = 13
IR_VERSION = 8


def build():
    dims = ["batch_size", "sequence_length"]
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, dims)
              for name in ("input_ids", "attention_mask", "token_type_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dims + [HIDDEN])
    ones = numpy_helper.from_array(np.ones((1, 1, HIDDEN), dtype=np.float32), name="hidden_ones")
    axes = numpy_helper.from_array(np.array([2], dtype=np.int64), name="hidden_axis")
    nodes = [
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "hidden_axis"], ["mask_column"]),
        helper.make_node("Mul", ["mask_column", "hidden_ones"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(nodes, "free_encoder", inputs, [output], initializer=[ones, axes])
    model = helper.make_model(graph, producer_name="make_free_encoder.py",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_free_encoder.py OUTPUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    onnx.save(build(), os.path.join(out, "model.onnx"))
    config = {"model_type": "bert", "hidden_size": HIDDEN, "max_position_embeddings": 512,
              "description": "free encoder: MiniLM's inputs and output shape, no weights (models/bench/make_free_encoder.py)"}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    # MiniLM's token limit, so the tokenizer truncates as it does for the real model.
    with open(os.path.join(out, "sentence_bert_config.json"), "w") as f:
        json.dump({"max_seq_length": 256, "do_lower_case": False}, f, indent=2)
        f.write("\n")
    print("free encoder written to " + out)


if __name__ == "__main__":
    main()
