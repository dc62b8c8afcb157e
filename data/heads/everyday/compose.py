#!/usr/bin/env python3
"""Writes the everyday training files of the built-in heads from the texts in texts_en.py and
texts_zh.py, and (moderation only) kinds_en.py, kinds_zh.py, kinds3_en.py, kinds3_zh.py, kinds4_en.py,
kinds4_zh.py, kinds5_en.py and kinds5_zh.py (all written for the project):

  ../moderation-everyday.jsonl  {"text", "label": ok|toxic|spam, "lang", "domain"}
  ../moderation-round5.jsonl    the same, from kinds5_en.py and kinds5_zh.py only
  ../sentiment-everyday.jsonl   {"text", "label": positive|neutral|negative, "lang", "domain"}

Hand-written texts are taken as they are; each template gives up to PER_TEMPLATE of its slot
combinations, drawn with a fixed seed, so the output is the same on every run. Texts that are
already in another data file of data/heads, in data/spamassassin, or among the demo's samples are
left out. Run from anywhere: python3 data/heads/everyday/compose.py
"""

import itertools
import json
import random
import re
from pathlib import Path

import kinds3_en
import kinds3_zh
import kinds4_en
import kinds4_zh
import kinds5_en
import kinds5_zh
import kinds_en
import kinds_zh
import texts_en
import texts_zh

HERE = Path(__file__).resolve().parent
HEADS = HERE.parent
PER_TEMPLATE = {"ok": 40, "toxic": 30, "spam": 30}
SEED = 20
# Files whose texts must not be repeated here: the other training files and every evaluation file.
OTHER_FILES = ["moderation.jsonl", "sentiment.jsonl", "eval", "../spamassassin/train.jsonl", "../spamassassin/eval.jsonl"]
DEMO_SAMPLES = HEADS.parent.parent / "cli/src/main/java/io/textenrich/cli/SampleEvents.java"


def expand(template, slots, count, rng):
    names = list(slots)
    combinations = list(itertools.product(*(slots[n] for n in names)))
    rng.shuffle(combinations)
    return [template.format(**dict(zip(names, values))) for values in combinations[:count]]


def known_texts():
    texts = set()
    for name in OTHER_FILES:
        path = HEADS / name
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for f in files:
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.add(json.loads(line)["text"])
    # The demo's sample texts are the string literals of SampleEvents.java.
    texts.update(re.findall(r'"((?:[^"\\]|\\.){12,})"', DEMO_SAMPLES.read_text(encoding="utf-8")))
    return texts


def hand_written(module):
    """(domain, sentiment, text) of the legitimate texts: everyday ones, then the hard negatives."""
    for texts in (module.OK, module.MORE):
        for domain, by_sentiment in texts.items():
            for feeling, lines in by_sentiment.items():
                for text in lines:
                    yield domain, feeling, text


def rows(module, lang, rng):
    moderation, sentiment = [], []
    for domain, feeling, text in hand_written(module):
        moderation.append({"text": text, "label": "ok", "lang": lang, "domain": domain})
        sentiment.append({"text": text, "label": feeling, "lang": lang, "domain": domain})
    for domain, feeling, template, slots in module.TEMPLATES:
        for text in expand(template, slots, PER_TEMPLATE["ok"], rng):
            moderation.append({"text": text, "label": "ok", "lang": lang, "domain": domain})
            sentiment.append({"text": text, "label": feeling, "lang": lang, "domain": domain})
    for label, texts, templates in (("toxic", module.TOXIC, module.TOXIC_TEMPLATES), ("spam", module.SPAM, module.SPAM_TEMPLATES)):
        generated = [t for template, slots in templates for t in expand(template, slots, PER_TEMPLATE[label], rng)]
        for text in texts + generated:
            moderation.append({"text": text, "label": label, "lang": lang, "domain": label})
    return moderation, sentiment


def kind_rows(module, lang, rng):
    """The second to fifth rounds' moderation texts: toxic and spam by kind (the kind is the domain), mail-style
    spam, and more legitimate texts. The sentiment heads keep the first round's data."""
    moderation = []
    for domain, by_sentiment in module.OK.items():
        for lines in by_sentiment.values():
            moderation += [{"text": text, "label": "ok", "lang": lang, "domain": domain} for text in lines]
    for domain, _, template, slots in getattr(module, "OK_TEMPLATES", []):
        moderation += [{"text": t, "label": "ok", "lang": lang, "domain": domain} for t in expand(template, slots, PER_TEMPLATE["ok"], rng)]
    for label, texts, templates in (("toxic", module.TOXIC, module.TOXIC_TEMPLATES), ("spam", module.SPAM, module.SPAM_TEMPLATES)):
        for domain in list(texts) + [d for d in templates if d not in texts]:
            generated = [t for template, slots in templates.get(domain, []) for t in expand(template, slots, PER_TEMPLATE[label], rng)]
            for text in texts.get(domain, []) + generated:
                moderation.append({"text": text, "label": label, "lang": lang, "domain": domain})
    for text in getattr(module, "MAIL_SPAM", []):
        moderation.append({"text": text, "label": "spam", "lang": lang, "domain": "mail"})
    return moderation


def write(name, lines, known, seen=None):
    """Writes the lines not in known and not already seen (in this file or, given seen, in one written before)."""
    seen = set() if seen is None else seen
    kept = []
    for line in lines:
        if line["text"] not in known and line["text"] not in seen:
            seen.add(line["text"])
            kept.append(line)
    with open(HEADS / name, "w", encoding="utf-8") as out:
        for line in kept:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {name}: {len(kept)} texts ({len(lines) - len(kept)} left out as repeats or texts of other files)")
    return seen


def main():
    rng = random.Random(SEED)
    known = known_texts()
    moderation, sentiment = [], []
    for module, lang in ((texts_en, "en"), (texts_zh, "zh")):
        m, s = rows(module, lang, rng)
        moderation += m
        sentiment += s
    # Its own generator, so that adding kinds leaves the first round's lines as they were.
    kinds_rng = random.Random(SEED + 1)
    for module, lang in ((kinds_en, "en"), (kinds_zh, "zh")):
        moderation += kind_rows(module, lang, kinds_rng)
    kinds3_rng = random.Random(SEED + 2)
    for module, lang in ((kinds3_en, "en"), (kinds3_zh, "zh")):
        moderation += kind_rows(module, lang, kinds3_rng)
    kinds4_rng = random.Random(SEED + 3)
    for module, lang in ((kinds4_en, "en"), (kinds4_zh, "zh")):
        moderation += kind_rows(module, lang, kinds4_rng)
    # The fifth round in a file of its own: the English encoder's moderation head learns from it, the Chinese
    # encoder's head, trained without it, stays (docs/labels.md, round 8).
    round5 = []
    kinds5_rng = random.Random(SEED + 4)
    for module, lang in ((kinds5_en, "en"), (kinds5_zh, "zh")):
        round5 += kind_rows(module, lang, kinds5_rng)
    seen = write("moderation-everyday.jsonl", moderation, known)
    write("moderation-round5.jsonl", round5, known, seen)
    write("sentiment-everyday.jsonl", sentiment, known)


if __name__ == "__main__":
    main()
