"""Small decoder-only transformers in plain PyTorch, a byte-level BPE trainer that writes a Hugging Face
tokenizer.json, and an ONNX export in the Optimum text-generation-with-past layout.

Used by the test fixture generator (model-runtime/src/test/fixtures) and by the demo model's training
script (models/fortune-gpt). Needs only Debian's python3-torch, python3-onnx and python3-numpy.
"""
