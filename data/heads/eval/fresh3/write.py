"""Writes ../fresh3-en.jsonl and ../fresh3-zh.jsonl from the hand-written texts in this folder.

Every text is written out as is: no templates, no slot filling. Run from anywhere:
python3 data/heads/eval/fresh3/write.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import en_bad  # noqa: E402
import en_ok  # noqa: E402
import zh_bad  # noqa: E402
import zh_ok  # noqa: E402

MARKS = {"+": "positive", "=": "neutral", "-": "negative"}


def lines(block):
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def rows(lang, ok, toxic, spam):
    out = []
    for domain, block in ok.items():
        for line in lines(block):
            mark, text = line[0], line[1:].strip()
            if mark not in MARKS or not text:
                raise ValueError(f"{lang} {domain}: no sentiment mark: {line!r}")
            out.append({"text": text, "label": "ok", "lang": lang, "domain": domain,
                        "sentiment": MARKS[mark]})
    for label, kinds in (("toxic", toxic), ("spam", spam)):
        for domain, block in kinds.items():
            for text in lines(block):
                out.append({"text": text, "label": label, "lang": lang, "domain": domain})
    return out


def main():
    for lang, ok, bad in (("en", en_ok.OK, en_bad), ("zh", zh_ok.OK, zh_bad)):
        path = os.path.join(HERE, "..", f"fresh3-{lang}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for row in rows(lang, ok, bad.TOXIC, bad.SPAM):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
