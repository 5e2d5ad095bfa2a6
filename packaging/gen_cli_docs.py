#!/usr/bin/env python3
"""Writes tpmready(1) (roff) and the bash completion from the program's own --help texts, so both
always match the binary they ship with.

  gen_cli_docs.py BINARY --man OUT.1 --completion OUT.bash [--date YYYY-MM-DD]

The help texts are CLI11's: a description, "Usage: ...", then "Options:", "Positionals:" and
"Subcommands:" sections whose items start in column 2 (continuation lines are indented further),
and an optional footer. Every subcommand (and nested ones, such as fleet ingest) is asked for its
own --help.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field

# What the man page says beyond the help texts. Exit codes: the top-level help; environment: the
# README's Environment table and the console options.
ENVIRONMENT = [
    ("NO_COLOR", "When set to a non-empty value, text output has no colour (no-color.org)."),
    ("TPMREADY_TPM_TIMEOUT_MS", "Bound on every TPM connect and read, in milliseconds (default 10000)."),
    ("TPMREADY_MAX_INPUT_BYTES", "Raises or lowers every input file size limit."),
    ("TPMREADY_MAX_INPUT_COUNT", "Raises or lowers every count limit (files per folder, archive members)."),
    ("https_proxy, HTTPS_PROXY, no_proxy, NO_PROXY", "Proxy for --online."),
]


@dataclass
class Item:
    head: str  # "-o,--output TEXT", "paths TEXT ... REQUIRED", "check"
    text: list[str] = field(default_factory=list)


@dataclass
class Help:
    path: list[str]  # ["fleet", "ingest"]
    description: list[str]
    usage: str
    options: list[Item]
    positionals: list[Item]
    subcommands: list[Item]
    footer: list[str]


def run_help(binary: str, path: list[str]) -> str:
    p = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit(f"gen_cli_docs: {binary} {' '.join(path)} --help exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def parse_help(text: str, path: list[str]) -> Help:
    lines = text.rstrip("\n").split("\n")
    usage_at = next(i for i, line in enumerate(lines) if line.startswith("Usage: "))
    description = lines[:usage_at]
    while description and not description[-1].strip():
        description.pop()
    sections: dict[str, list[Item]] = {"Options:": [], "Positionals:": [], "Subcommands:": []}
    footer: list[str] = []
    current: list[Item] | None = None
    in_footer = False
    for line in lines[usage_at + 1:]:
        if not in_footer and line == "Commands:":  # CLI11's "Subcommands:", as tpmready names it
            line = "Subcommands:"
        if not in_footer and line in sections:
            current = sections[line]
        elif not line.strip():
            if in_footer:
                footer.append("")
        elif not in_footer and current is not None and re.match(r"^  \S", line):
            head, _, rest = line[2:].partition("  ")
            current.append(Item(head.strip(), [rest.strip()] if rest.strip() else []))
        elif not in_footer and current and line.startswith("   "):
            # Column 30 is where CLI11 starts descriptions; deeper lines are examples.
            current[-1].text.append(line.strip() if not line[30:31].isspace() else line[30:].rstrip())
        else:
            in_footer = True
            footer.append(line)
    while footer and not footer[-1].strip():
        footer.pop()
    return Help(path, description, lines[usage_at][len("Usage: "):], sections["Options:"],
                sections["Positionals:"], sections["Subcommands:"], footer)


def collect(binary: str) -> list[Help]:
    out: list[Help] = []
    todo: list[list[str]] = [[]]
    while todo:
        path = todo.pop(0)
        h = parse_help(run_help(binary, path), path)
        out.append(h)
        todo.extend(path + [s.head] for s in h.subcommands)
    return out


@dataclass
class Option:
    names: list[str]
    value: str | None  # "TEXT", "INT", ... or None for a flag
    choices: list[str]


def parse_option(head: str) -> Option:
    tokens = head.split()
    names = [n for n in tokens[0].split(",") if n.startswith("-")]
    value = None
    choices: list[str] = []
    if len(tokens) > 1 and tokens[1] not in ("Needs:", "Excludes:"):
        value = tokens[1]
        m = re.search(r":\{([^}]*)\}", value)
        if m:
            choices = m.group(1).split(",")
    return Option(names, value, choices)


# --- roff ---------------------------------------------------------------------------------------

def roff_text(s: str) -> str:
    out = []
    for ch in s.replace("\\", "\\e"):
        if ch == "-":
            out.append("\\-")
        elif ord(ch) > 127:
            out.append(f"\\[u{ord(ch):04X}]")
        else:
            out.append(ch)
    line = "".join(out)
    return "\\&" + line if line.startswith((".", "'")) else line


def roff_paragraphs(lines: list[str]) -> list[str]:
    """Prose lines become filled text; indented lines (examples) stay as they are."""
    out: list[str] = []
    in_example = False
    for line in lines:
        example = line.startswith("  ")
        if example and not in_example:
            out += [".PP", ".RS 2", ".nf"]
        elif not example and in_example:
            out += [".fi", ".RE", ".PP"]
        in_example = example
        if not line.strip():
            if not in_example:
                out.append(".PP")
            continue
        out.append(roff_text(line[2:] if example else line.strip()))
    if in_example:
        out += [".fi", ".RE"]
    return out


def first_sentence(text: list[str]) -> str:
    prose = []
    for t in text:
        if t.startswith(" "):  # an example: the prose is over
            break
        prose.append(t.strip())
    joined = " ".join(prose)
    m = re.match(r"(.+?[.?])(\s|$)", joined)
    return m.group(1) if m else joined


def sentence(s: str) -> str:
    s = s.strip()
    return s if not s or s[-1] in ".?!:)" else s + "."


def roff_option(item: Item) -> list[str]:
    opt = parse_option(item.head)
    names = ", ".join(f"\\fB{roff_text(n)}\\fR" for n in opt.names)
    if opt.value:
        names += " \\fI" + roff_text(opt.value.split(":")[0].split("=")[0]) + "\\fR"
    extra = []
    if opt.choices:
        extra.append("One of: " + ", ".join(opt.choices) + ".")
    m = re.search(r"=(\S+)$", opt.value or "")
    if m:
        extra.append(f"Default: {m.group(1)}.")
    if "Needs:" in item.head:
        extra.append("Needs " + item.head.split("Needs:", 1)[1].strip() + ".")
    text = [t.strip() for t in item.text if t.strip()]
    if text:
        text[-1] = sentence(text[-1])
    return [".TP", names] + [roff_text(t) for t in text] + [roff_text(e) for e in extra]


def man_page(helps: list[Help], version: str, date: str) -> str:
    top = helps[0]
    exit_line = next((d for d in top.description if d.startswith("Exit codes:")), "")
    summary = " ".join(d.strip() for d in top.description if d.strip() and not d.startswith("Exit codes:"))
    name_line = summary.split("?")[0].removeprefix("tpmready:").strip() + "?"
    out = [
        '.\\" Generated from the --help texts by packaging/gen_cli_docs.py: do not edit.',
        f'.TH TPMREADY 1 "{date}" "tpmready {roff_text(version)}" "User Commands"',
        ".nh",  # no hyphenation: option and file names stay whole
        ".ad l",
        ".SH NAME",
        "tpmready \\- " + roff_text(name_line),
        ".SH SYNOPSIS",
        ".B tpmready",
        "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]",
        ".SH DESCRIPTION",
        roff_text(summary),
        ".PP",
        "Commands:",
    ]
    for s in top.subcommands:
        out += [".TP", f"\\fB{roff_text(s.head)}\\fR", roff_text(first_sentence(s.text))]
    out += [".SH GLOBAL OPTIONS", "They may also follow the command."]
    for item in top.options:
        out += roff_option(item)
    out.append(".SH COMMANDS")
    for h in helps[1:]:
        out += [f'.SS "{roff_text("tpmready " + " ".join(h.path))}"', ".B " + roff_text(h.usage)]
        out += roff_paragraphs([""] + h.description)
        for item in h.positionals:
            out += [".TP", f"\\fI{roff_text(item.head.split()[0])}\\fR"] + [roff_text(t.strip()) for t in item.text]
        for item in h.options:
            if not item.head.startswith("-h,--help"):
                out += roff_option(item)
        if h.subcommands:
            out += [".PP", "Commands: " + ", ".join(f"\\fB{roff_text(s.head)}\\fR" for s in h.subcommands) + "."]
        if h.footer:
            out += roff_paragraphs([""] + h.footer)
    out += [".SH EXIT STATUS", roff_text(exit_line.removeprefix("Exit codes:").strip()),
            "Each command above lists its own.", ".SH ENVIRONMENT"]
    for name, text in ENVIRONMENT:
        out += [".TP", f"\\fB{roff_text(name)}\\fR", roff_text(text)]
    out += [".SH SEE ALSO", "/usr/share/doc/tpmready/README.md and the other documents there."]
    return "\n".join(out) + "\n"


# --- bash completion ----------------------------------------------------------------------------

def sh_words(words: list[str]) -> str:
    for w in words:
        if not re.fullmatch(r"[A-Za-z0-9_.,:/+-]+", w):
            sys.exit(f"gen_cli_docs: unexpected word in the help text: {w!r}")
    return " ".join(words)


def completion(helps: list[Help]) -> str:
    commands, options, takes_value, values = [], [], [], []
    # After a command: the top-level options other than help (each command has its own).
    global_options = [n for item in helps[0].options for n in parse_option(item.head).names if n not in ("-h", "--help")]
    for h in helps:
        key = " ".join(h.path)
        if h.subcommands:
            commands.append(f'    "{key}") echo "{sh_words([s.head for s in h.subcommands])}" ;;')
        names = []
        for item in h.options:
            opt = parse_option(item.head)
            names += opt.names
            if opt.value:
                takes_value += [f"{key} {n}".strip() for n in opt.names]
                if opt.choices:
                    values += [f'    "{key} {n}") echo "{sh_words(opt.choices)}" ;;' for n in opt.names]
        options.append(f'    "{key}") echo "{sh_words(names)}" ;;')
    takes = "|".join(f'"{t}"' for t in takes_value)
    return f"""# bash completion for tpmready: subcommands, their options and option values.
# Generated from the --help texts by packaging/gen_cli_docs.py: do not edit.

_tpmready_commands() {{
  case $1 in
{chr(10).join(commands)}
  esac
}}

_tpmready_options() {{
  case $1 in
{chr(10).join(options)}
  esac
}}

_tpmready_takes_value() {{
  case "$1 $2" in
    {takes}) return 0 ;;
  esac
  return 1
}}

_tpmready_values() {{
  case "$1 $2" in
{chr(10).join(values)}
  esac
}}

_tpmready() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD - 1]}} path="" i w
  # The command path so far ("fleet report"), skipping options and their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${{COMP_WORDS[i]}}
    if [[ $w == -* ]]; then
      if [[ $w != *=* ]] && _tpmready_takes_value "$path" "$w"; then ((i++)); fi
    elif [[ " $(_tpmready_commands "$path") " == *" $w "* ]]; then
      path=${{path:+$path }}$w
    fi
  done
  if ((COMP_CWORD > 1)) && [[ $prev == -* ]] && _tpmready_takes_value "$path" "$prev"; then
    local v
    v=$(_tpmready_values "$path" "$prev")
    if [[ -n $v ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$v" -- "$cur")
    else
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    # Global options may also follow the command.
    mapfile -t COMPREPLY < <(compgen -W "$(_tpmready_options "$path")${{path:+ {sh_words(global_options)}}}" -- "$cur")
    return 0
  fi
  local c
  c=$(_tpmready_commands "$path")
  if [[ -n $c ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$c" -- "$cur")
  else
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}}
complete -F _tpmready tpmready
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--man", required=True)
    ap.add_argument("--completion", required=True)
    ap.add_argument("--date", default="", help="for the man page header (reproducible: no clock)")
    args = ap.parse_args()
    version = subprocess.run([args.binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    version = version.removeprefix("tpmready ")
    helps = collect(args.binary)
    with open(args.man, "w", encoding="utf-8") as f:
        f.write(man_page(helps, version, args.date))
    with open(args.completion, "w", encoding="utf-8") as f:
        f.write(completion(helps))


if __name__ == "__main__":
    main()
