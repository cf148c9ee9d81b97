"""Message templates in rule files: `{mention}, please stay courteous.`"""

from __future__ import annotations

import string

FIELDS = ("mention", "user", "rule", "reason", "duration", "points", "community")


def template_problem(text: str, fields: tuple[str, ...] = FIELDS) -> str | None:
    """Why `text` is not a usable template, or None. Literal braces are written {{ }}.
    `fields`: the placeholders this text may use (a scheduled post has fewer)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        return f"broken template {text!r}: {error} (write {{{{ and }}}} for literal braces)"
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in fields:
            known = ", ".join("{" + name + "}" for name in fields)
            return f"unknown placeholder {{{field}}} in {text!r}; the placeholders are {known}"
        if spec or conversion:
            return f"placeholder {{{field}}} takes no format options in {text!r}"
    return None

