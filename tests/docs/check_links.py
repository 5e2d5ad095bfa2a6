"""Every relative link in the README and the documentation resolves: the file (or folder) exists,
and a `#anchor` names a heading of the target file (GitHub's anchor rules). Web links are not
fetched: this test stays offline.

  check_links.py REPO_ROOT
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def documents(root: Path) -> list[Path]:
    docs = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    docs += sorted(p for p in (root / "examples").glob("*/README.md")) + [root / "examples" / "README.md"]
    docs += [p for p in (root / "bench" / "README.md", root / "tests" / "tpmlab" / "README.md") if p.exists()]
    return [p for p in docs if p.exists()]


def prose_lines(path: Path):
    """Lines outside fenced code blocks, with their numbers."""
    fenced = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield n, line


def slug(heading: str) -> str:
    """GitHub's heading anchor: markup dropped, lower case, punctuation removed, spaces to '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _, line in prose_lines(path):
        m = HEADING.match(line)
        if not m:
            continue
        s = slug(m.group(2))
        out.add(s if s not in seen else f"{s}-{seen[s]}")
        seen[s] = seen.get(s, 0) + 1
    return out


def check(root: Path) -> list[str]:
    problems = []
    for doc in documents(root):
        for n, line in prose_lines(doc):
            for target in LINK.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                    continue
                file_part, _, anchor = target.partition("#")
                dest = (doc.parent / file_part).resolve() if file_part else doc
                where = f"{doc.relative_to(root)}:{n}: {target}"
                if not dest.exists():
                    problems.append(f"{where}: no such file")
                elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                    problems.append(f"{where}: no heading with anchor #{anchor} in {dest.relative_to(root)}")
    return problems


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    docs = documents(root)
    problems = check(root)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"{len(docs)} documents: every relative link resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
