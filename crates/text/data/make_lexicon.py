#!/usr/bin/env python3
"""Derive crates/text/data/lexicon-nl.txt from the 450 official-publication XML motion texts.

Run from the workspace root:  python3 crates/text/data/make_lexicon.py
Every word (letters, with internal hyphens kept) of the text content of
data/sample/motion-texts/document_publications/*.xml is lower-cased, words of one letter are
dropped, and the sorted unique list is written one word a line.  Hyphenated compounds
("douane-unie", "publiek-private") are kept whole, and their parts are added as words too.
"""
import glob, re, xml.etree.ElementTree as ET

words = set()
for path in sorted(glob.glob("data/sample/motion-texts/document_publications/*.xml")):
    root = ET.parse(path).getroot()
    text = " ".join(root.itertext())
    for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        w = w.lower()
        if len(w) < 2:
            continue
        words.add(w)
        if "-" in w:
            for part in w.split("-"):
                if len(part) >= 2:
                    words.add(part)
with open("crates/text/data/lexicon-nl.txt", "w", encoding="utf-8") as out:
    for w in sorted(words):
        out.write(w + "\n")
print(len(words), "words")
