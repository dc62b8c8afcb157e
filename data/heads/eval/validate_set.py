"""Checks the sets SET-en.jsonl and SET-zh.jsonl that write_set.py wrote: every line parses, has its fields and valid labels, sentiment exactly on
the `ok` lines, no text repeats within or across the two files (ignoring case, spaces and
punctuation); prints markdown count tables per label and domain (en / zh) and sentiment counts.
Run from anywhere: python3 data/heads/eval/validate_set.py fresh5
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ("ok", "toxic", "spam")
SENTIMENTS = ("positive", "neutral", "negative")
LANGS = ("en", "zh")


def norm(text):
    return "".join(ch for ch in text.lower() if ch.isalnum())


def check(name, lang, seen, errors):
    path = os.path.join(HERE, f"{name}-{lang}.jsonl")
    counts, sentiments = collections.Counter(), collections.Counter()
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            where = f"{lang}:{n}"
            try:
                row = json.loads(raw)
            except ValueError as e:
                errors.append(f"{where} does not parse: {e}")
                continue
            if not isinstance(row, dict):
                errors.append(f"{where} not an object")
                continue
            label = row.get("label")
            keys = {"text", "label", "lang", "domain"} | ({"sentiment"} if label == "ok" else set())
            if set(row) != keys:
                errors.append(f"{where} fields {sorted(row)}")
            if label not in LABELS:
                errors.append(f"{where} label {label!r}")
            if row.get("lang") != lang:
                errors.append(f"{where} lang {row.get('lang')!r}")
            if not isinstance(row.get("domain"), str) or not row.get("domain"):
                errors.append(f"{where} domain")
            if label == "ok" and row.get("sentiment") not in SENTIMENTS:
                errors.append(f"{where} sentiment {row.get('sentiment')!r}")
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where} empty text")
                continue
            key = norm(text)
            if key in seen:
                errors.append(f"{where} repeats {seen[key]}: {text}")
            else:
                seen[key] = where
            counts[(label, row.get("domain"))] += 1
            if label == "ok":
                sentiments[row.get("sentiment")] += 1
    return counts, sentiments


def main():
    seen, errors = {}, []
    if len(sys.argv) != 2:
        sys.exit("usage: validate_set.py SET (fresh4, fresh5)")
    results = {lang: check(sys.argv[1], lang, seen, errors) for lang in LANGS}
    for label in LABELS:
        domains = sorted({d for lang in LANGS for (lab, d) in results[lang][0] if lab == label})
        print(f"| `{label}` domain | en | zh |")
        print("| --- | ---: | ---: |")
        for d in domains:
            print(f"| {d} | " + " | ".join(str(results[lang][0][(label, d)]) for lang in LANGS) + " |")
        print(f"| **all `{label}`** | " + " | ".join(
            f"**{sum(v for (lab, _), v in results[lang][0].items() if lab == label)}**" for lang in LANGS) + " |")
        print()
    print("| sentiment of `ok` | en | zh |")
    print("| --- | ---: | ---: |")
    for s in SENTIMENTS:
        print(f"| {s} | " + " | ".join(str(results[lang][1][s]) for lang in LANGS) + " |")
    print()
    print("total: " + ", ".join(f"{lang} {sum(results[lang][0].values())}" for lang in LANGS))
    for e in errors:
        print("ERROR", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
