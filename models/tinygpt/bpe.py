"""Byte-level BPE in the GPT-2 style, trained here and saved as a tokenizer.json that the Rust
`tokenizers` library (and so DJL's HuggingFaceTokenizer in Java) loads.

Python's `re` has no \\p{L}/\\p{N}, so the GPT-2 pre-tokenizer pattern is approximated with Unicode
classes; the approximation only matters for rare characters such as superscript digits, and the
Java side always tokenizes with the real pattern from tokenizer.json.
"""
import collections
import json
import re

END_OF_TEXT = "<|endoftext|>"

_PRETOKENIZE = re.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def byte_to_unicode():
    """GPT-2's reversible map from bytes to printable characters, so every byte is a vocabulary symbol."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


_BYTE_CHARS = byte_to_unicode()


def words_of(text):
    """Pre-tokenized words, each as its string of byte symbols."""
    return ["".join(_BYTE_CHARS[b] for b in w.encode("utf-8")) for w in _PRETOKENIZE.findall(text)]


class ByteLevelBPE:

    def __init__(self, merges):
        self.merges = list(merges)
        self.ranks = {pair: i for i, pair in enumerate(self.merges)}
        self.vocab = {}
        # Two merges can spell the same symbol ("a"+"bc" and "ab"+"c"); it gets one id, as in `tokenizers`.
        for symbol in [_BYTE_CHARS[b] for b in range(256)] + [a + b for a, b in self.merges]:
            self.vocab.setdefault(symbol, len(self.vocab))
        self.end_of_text = len(self.vocab)
        self.vocab[END_OF_TEXT] = self.end_of_text
        self._cache = {}

    @staticmethod
    def train(texts, vocab_size):
        """Learns vocab_size - 257 merges (256 byte symbols and one end-of-text token come first)."""
        counts = collections.Counter()
        for text in texts:
            counts.update(words_of(text))
        words = [list(w) for w in counts]
        freq = [counts[w] for w in counts]
        pair_count = collections.Counter()
        where = collections.defaultdict(set)
        for i, w in enumerate(words):
            for pair in zip(w, w[1:]):
                pair_count[pair] += freq[i]
                where[pair].add(i)
        merges = []
        while len(merges) < vocab_size - 257 and pair_count:
            # Highest count first; ties broken by the pair itself so training is deterministic.
            best = max(pair_count.items(), key=lambda kv: (kv[1], kv[0]))[0]
            if pair_count[best] < 2:
                break
            merges.append(best)
            merged = best[0] + best[1]
            for i in list(where.pop(best, ())):
                w = words[i]
                for pair in zip(w, w[1:]):
                    pair_count[pair] -= freq[i]
                    if pair_count[pair] <= 0:
                        del pair_count[pair]
                out = []
                j = 0
                while j < len(w):
                    if j + 1 < len(w) and w[j] == best[0] and w[j + 1] == best[1]:
                        out.append(merged)
                        j += 2
                    else:
                        out.append(w[j])
                        j += 1
                words[i] = out
                for pair in zip(out, out[1:]):
                    pair_count[pair] += freq[i]
                    where[pair].add(i)
        return ByteLevelBPE(merges)

    def _bpe(self, word):
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        parts = list(word)
        while len(parts) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), k) for k, p in enumerate(zip(parts, parts[1:]))]
            rank, k = min(ranked)
            if rank == 1 << 30:
                break
            parts[k:k + 2] = [parts[k] + parts[k + 1]]
        ids = [self.vocab[p] for p in parts]
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text):
        ids = []
        for w in words_of(text):
            ids.extend(self._bpe(w))
        return ids

    def decode(self, ids):
        inverse = {c: b for b, c in _BYTE_CHARS.items()}
        symbols = {i: s for s, i in self.vocab.items()}
        data = bytearray()
        for i in ids:
            if i == self.end_of_text:
                continue
            data.extend(inverse[c] for c in symbols[i])
        return data.decode("utf-8", errors="replace")

    def tokenizer_json(self):
        byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [{"id": self.end_of_text, "content": END_OF_TEXT, "single_word": False, "lstrip": False,
                              "rstrip": False, "normalized": False, "special": True}],
            "normalizer": None,
            "pre_tokenizer": byte_level,
            "post_processor": dict(byte_level, trim_offsets=False),
            "decoder": byte_level,
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                      "vocab": self.vocab, "merges": [a + " " + b for a, b in self.merges]},
        }

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.tokenizer_json(), f, ensure_ascii=False, separators=(",", ":"))
