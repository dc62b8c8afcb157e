"""Writes ../fresh4-en.jsonl and ../fresh4-zh.jsonl from the hand-written texts in this folder.

Each en_*.py / zh_*.py module holds one domain or kind, every text written out by hand (no
templates, no slot filling):

- en_ok_<domain>.py, zh_ok_<domain>.py: TEXTS, a list of (text, sentiment) tuples, label `ok`;
  sentiment is "pos", "neu" or "neg" (or the full word);
- en_bad_<kind>.py, zh_bad_<kind>.py: LABEL ("toxic" or "spam") and TEXTS, a list of strings.

The domain is the part of the file name after the prefix, underscores read as hyphens
(en_ok_one_time_codes.py -> one-time-codes). Lines are sorted by file name, then by order in the file.
Run from anywhere: python3 data/heads/eval/fresh4/write.py
"""
import glob
import importlib.util
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SENTIMENTS = {"pos": "positive", "neu": "neutral", "neg": "negative",
              "positive": "positive", "neutral": "neutral", "negative": "negative"}


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location("fresh4_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return name, module


def rows(lang):
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, f"{lang}_*.py"))):
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
    for lang in ("en", "zh"):
        path = os.path.join(HERE, "..", f"fresh4-{lang}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for row in rows(lang):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
