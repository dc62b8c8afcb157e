"""Checks the fresh3 sets: every line parses, has its fields and valid labels, no text repeats;
prints counts per label and domain per language."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = {"ok", "toxic", "spam"}
SENTIMENTS = {"positive", "neutral", "negative"}


def norm(text):
    return "".join(ch for ch in text.lower() if ch.isalnum())


def check(lang):
    path = os.path.join(HERE, "..", f"fresh3-{lang}.jsonl")
    counts, sentiments, seen, errors = collections.Counter(), collections.Counter(), {}, []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            row = json.loads(raw)
            keys = {"text", "label", "lang", "domain"} | ({"sentiment"} if row.get("label") == "ok" else set())
            if set(row) != keys:
                errors.append(f"{lang}:{n} fields {sorted(row)}")
            if row["label"] not in LABELS or row["lang"] != lang:
                errors.append(f"{lang}:{n} label or lang")
            if row["label"] == "ok" and row["sentiment"] not in SENTIMENTS:
                errors.append(f"{lang}:{n} sentiment")
            key = norm(row["text"])
            if key in seen:
                errors.append(f"{lang}:{n} repeats line {seen[key]}: {row['text']}")
            seen[key] = n
            counts[(row["label"], row["domain"])] += 1
            if row["label"] == "ok":
                sentiments[row["sentiment"]] += 1
    return counts, sentiments, errors


def main():
    results = {lang: check(lang) for lang in ("en", "zh")}
    errors = [e for lang in results for e in results[lang][2]]
    keys = sorted(set(k for lang in results for k in results[lang][0]))
    print("| label | domain | en | zh |")
    print("| --- | --- | ---: | ---: |")
    for label in ("ok", "toxic", "spam"):
        for (lab, domain) in keys:
            if lab == label:
                print(f"| {label} | {domain} | {results['en'][0][(lab, domain)]} | {results['zh'][0][(lab, domain)]} |")
        print(f"| **{label}** | all | " + " | ".join(
            str(sum(v for (lab, _), v in results[lang][0].items() if lab == label)) for lang in ("en", "zh")) + " |")
    print("total: " + ", ".join(f"{lang} {sum(results[lang][0].values())}" for lang in results))
    for lang in results:
        print(f"sentiment {lang}: " + ", ".join(f"{s} {results[lang][1][s]}" for s in ("positive", "neutral", "negative")))
    for e in errors:
        print("ERROR", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
