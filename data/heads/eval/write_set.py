"""Writes SET-en.jsonl and SET-zh.jsonl from the hand-written texts in the folder SET beside this
script (fresh4, fresh5).

Each en_*.py / zh_*.py module of the folder holds one domain or kind, every text written out by hand (no
templates, no slot filling):

- en_ok_<domain>.py, zh_ok_<domain>.py: TEXTS, a list of (text, sentiment) tuples, label `ok`;
  sentiment is "pos", "neu" or "neg" (or the full word);
- en_bad_<kind>.py, zh_bad_<kind>.py: LABEL ("toxic" or "spam") and TEXTS, a list of strings.

The domain is the part of the file name after the prefix, underscores read as hyphens
(en_ok_one_time_codes.py -> one-time-codes). Lines are sorted by file name, then by order in the file.
Run from anywhere: python3 data/heads/eval/write_set.py fresh5
"""
import glob
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SENTIMENTS = {"pos": "positive", "neu": "neutral", "neg": "negative",
              "positive": "positive", "neutral": "neutral", "negative": "negative"}


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location("set_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return name, module


def rows(folder, lang):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, f"{lang}_*.py"))):
        name, module = load(path)
        if name.startswith(f"{lang}_ok_"):
            domain = name[len(f"{lang}_ok_"):].replace("_", "-")
            for item in module.TEXTS:
                text, sentiment = item
                if sentiment not in SENTIMENTS or not text.strip():
                    raise ValueError(f"{name}: bad item {item!r}")
                out.append({"text": text.strip(), "label": "ok", "lang": lang, "domain": domain,
                            "sentiment": SENTIMENTS[sentiment]})
        elif name.startswith(f"{lang}_bad_"):
            domain = name[len(f"{lang}_bad_"):].replace("_", "-")
            if module.LABEL not in ("toxic", "spam"):
                raise ValueError(f"{name}: LABEL {module.LABEL!r}")
            for text in module.TEXTS:
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"{name}: bad item {text!r}")
                out.append({"text": text.strip(), "label": module.LABEL, "lang": lang, "domain": domain})
        else:
            raise ValueError(f"{name}: neither {lang}_ok_ nor {lang}_bad_")
    return out


def main():
    if len(sys.argv) != 2 or not os.path.isdir(os.path.join(HERE, sys.argv[1])):
        sys.exit("usage: write_set.py SET, where SET is a folder beside this script (fresh4, fresh5)")
    name = sys.argv[1]
    for lang in ("en", "zh"):
        path = os.path.join(HERE, f"{name}-{lang}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for row in rows(os.path.join(HERE, name), lang):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
