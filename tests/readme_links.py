#!/usr/bin/env python3
"""Every link inside README.md and docs/*.md resolves: `(#anchor)` to a heading
of the same file (GitHub's anchor rule), `(path)` and `(path#anchor)` to a file
of the repository (and its heading).

    readme_links.py ROOT

Prints one line per broken link and the closing `N passed, N failed`.
"""
import glob
import os
import re
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def anchors(path):
    """The anchors GitHub gives the headings of a Markdown file."""
    seen = {}
    out = set()
    fenced = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if FENCE.match(line):
                fenced = not fenced
                continue
            m = None if fenced else HEADING.match(line)
            if not m:
                continue
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(2))
            slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            out.add(slug if n == 0 else "%s-%d" % (slug, n))
    return out


def links(path):
    fenced = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            for m in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                yield lineno, m.group(1)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    files = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    passed = failed = 0
    for path in files:
        for lineno, target in links(path):
            if re.match(r"^[a-z]+:", target):
                continue  # http:, https:, mailto: are not checked offline
            file_part, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            why = None
            if not os.path.exists(dest):
                why = "no file %s" % file_part
            elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                why = "no heading with the anchor #%s" % anchor
            if why:
                failed += 1
                print("%s:%d: broken link (%s): %s" % (os.path.relpath(path, root), lineno, target, why))
            else:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
