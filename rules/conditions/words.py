"""`words`: listed words and phrases, matched whole after evasion-resistant normalisation."""

from __future__ import annotations

import stat
from pathlib import Path

from pydantic import Field

from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.context import MessageContext
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath

BUILTIN_PREFIX = "builtin:"
MAX_LIST_BYTES = 4 << 20


class WordsOptions(StrictModel):
    lists: list[str] = Field(
        default_factory=list,
        description="builtin:en, builtin:fr, a category such as builtin:fr/threats "
        "(insults, slurs, threats, sexual, self-harm), or a file path relative to this file",
    )
    min_severity: int = Field(
        default=1,
        description="only built-in entries of at least this severity (1 mild, 2 strong, "
        "3 severe); words from files and `add` always count",
    )
    add: list[str] = Field(default_factory=list, description="extra words or phrases")
    allow: list[str] = Field(default_factory=list, description="words or phrases that never count")


def read_word_file(path: Path) -> list[str]:
    """One entry per line; `#` starts a comment."""
    if not stat.S_ISREG(path.stat().st_mode):   # /dev/zero, a FIFO...: st_size says nothing
        raise ValueError("it is not a regular file")
    with path.open("rb") as handle:
        raw = handle.read(MAX_LIST_BYTES + 1)
    if len(raw) > MAX_LIST_BYTES:
        raise ValueError(f"the list is larger than {MAX_LIST_BYTES} bytes")
    entries = []
    for line in raw.decode("utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _load_builtin(name: str, min_severity: int, ctx: CompileContext, path: YamlPath) -> list[str]:
    from rules.wordlists import BUILTIN_NAMES, CATEGORIES, builtin_entries

    builtin = name[len(BUILTIN_PREFIX) :]
    language, slash, category = builtin.partition("/")
    if language not in BUILTIN_NAMES:
        known = ", ".join(BUILTIN_PREFIX + n for n in BUILTIN_NAMES)
        ctx.problem(path, f"unknown built-in list {name!r}: the built-in lists are {known}")
        return []
    if slash and category not in CATEGORIES:
        known = ", ".join(f"{BUILTIN_PREFIX}{language}/{c}" for c in CATEGORIES)
        ctx.problem(path, f"unknown category {category!r} in {name!r}: the categories are {known}")
        return []
    return [e.text for e in builtin_entries(builtin) if e.severity >= min_severity]


def _load_list(
    name: str, ctx: CompileContext, path: YamlPath, min_severity: int = 1
) -> list[str]:
    from rules.wordlists import BUILTIN_NAMES

    if name.startswith(BUILTIN_PREFIX):
        return _load_builtin(name, min_severity, ctx, path)
    if not ctx.local_files:
        known = ", ".join(BUILTIN_PREFIX + n for n in BUILTIN_NAMES)
        ctx.problem(path, f"word list {name!r} refused: a rule file uploaded from chat may only "
                          f"use the built-in lists ({known}) and words written in the file")
        return []
    try:
        file = (ctx.base_dir / name).resolve()
    except (OSError, ValueError) as error:   # a NUL byte, a name too long for the disk
        ctx.problem(path, f"word list {name!r} is not a usable path ({error})")
        return []
    try:
        return read_word_file(file)
    except FileNotFoundError:
        ctx.problem(path, f"word list {name!r} not found (looked for {file})")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        ctx.problem(path, f"word list {name!r} cannot be read: {error}")
    return []


def compile_words(
    options: list[str] | WordsOptions, ctx: CompileContext, path: YamlPath
) -> Predicate | None:
    if isinstance(options, list):
        words, allow = list(options), []
    else:
        words = []
        if options.min_severity not in (1, 2, 3):
            ctx.problem((*path, "min_severity"), f"min_severity must be 1, 2 or 3 (1 mild, "
                        f"2 strong, 3 severe), not {options.min_severity}")
            return None
        for index, name in enumerate(options.lists):
            words.extend(_load_list(name, ctx, (*path, "lists", index), options.min_severity))
        words.extend(options.add)
        allow = list(options.allow)
    words = [word for word in words if word.strip()]
    if not words:
        ctx.problem(path, "no words to look for: give a list of words, `lists` or `add`")
        return None
    # One union matcher per rule file: this condition is one tagged member of it, and a
    # message is searched once for all of them (on the first words condition it meets).
    union = ctx.words
    condition = union.add(words, allow)

    def has_word(message_ctx: MessageContext) -> bool:
        found = message_ctx.word_hits(union).get(condition)
        if found is not None:
            message_ctx.evidence = found
            return True
        return False

    return has_word


KIND = ConditionKind(
    name="words",
    options=list[str] | WordsOptions,
    compile=compile_words,
    summary="the text contains a listed word or phrase as a whole word, after normalisation",
    cost=6,
)
