"""Admins manage the community's code of conduct from chat.

`rules check` and `rules upload` give the same precise problems as
`gardien check` (line:column and rule id), capped to what fits in a message.
An upload is validated, stored as a new revision with its content, and swapped
in at once; a broken one changes nothing. `rules rollback` goes back to an
earlier upload (or, with none left, to the file named in the config),
`rules reload` re-reads the files on disk.
"""

from __future__ import annotations

from bot.casetext import MAX_POST, stamp
from bot.command_model import Answer
from bot.commands.context import Context
from rules.problems import Problem, RuleFileError

MAX_IDS = 60


def problems_text(ctx: Context, key: str, problems: list[Problem]) -> str:
    """The head line and as many problems as fit, then how many were left out."""
    lines = [ctx.say(key, count=len(problems))]
    used = len(lines[0])
    for shown, problem in enumerate(problems):
        line = f"• {problem}"
        left = len(problems) - shown
        if used + len(line) + 80 > MAX_POST:
            lines.append(ctx.say("rules.more_problems", count=left))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def _summary(ctx: Context, key: str, ruleset_name: str, rules: list[str], **values: object) -> str:
    ids = ", ".join(rules[:MAX_IDS]) + (" …" if len(rules) > MAX_IDS else "")
    return ctx.say(key, name=ruleset_name, count=len(rules), ids=ids, **values)


async def show(ctx: Context) -> Answer:
    rulebook = ctx.services.rulebook
    ruleset = rulebook.for_community(ctx.community)
    rules = [rule.id for rule in ruleset.rules]
    upload = rulebook.active_upload(ctx.community)
    if upload is not None:
        origin = ctx.say("rules.origin.upload", revision=upload.revision, file=upload.file_name,
                         by=upload.uploaded_by, at=stamp(upload.uploaded_at))
    else:
        origin = ctx.say("rules.origin.disk", file=rulebook.path_for(ctx.community).name)
    text = _summary(ctx, "rules.show", ruleset.name, rules, origin=origin,
                    digest=ruleset.digest[:12], locale=ruleset.locale)
    if ruleset.disabled:
        text += "\n" + ctx.say("rules.disabled", ids=", ".join(ruleset.disabled))
    return Answer(text[:MAX_POST])


async def check(ctx: Context) -> Answer:
    try:
        ruleset = await ctx.services.rulebook.check_upload(ctx.values["file"],
                                                         ctx.values["file_name"])
    except RuleFileError as error:
        return Answer(problems_text(ctx, "rules.check_failed", error.problems))
    return Answer(_summary(ctx, "rules.check_ok", ruleset.name,
                           [rule.id for rule in ruleset.rules])[:MAX_POST])


async def upload(ctx: Context) -> Answer:
    rulebook = ctx.services.rulebook
    try:
        stored = await rulebook.upload(ctx.community, ctx.values["file"],
                                       ctx.values["file_name"], ctx.inv.invoker.id, ctx.now)
    except RuleFileError as error:
        return Answer(problems_text(ctx, "rules.upload_failed", error.problems))
    ruleset = rulebook.for_community(ctx.community)
    ctx.services.modlog.later(ctx.services.modlog.to_log(ctx.community, ctx.public(
        "rules.log_upload", revision=stored.revision, file=stored.file_name,
        by=ctx.inv.invoker.name or ctx.inv.invoker.id)))
    return Answer(_summary(ctx, "rules.uploaded", ruleset.name,
                           [rule.id for rule in ruleset.rules],
                           revision=stored.revision)[:MAX_POST])


async def rollback(ctx: Context) -> Answer:
    rulebook = ctx.services.rulebook
    wanted = ctx.values.get("revision")
    current = rulebook.active_upload(ctx.community)
    if wanted is None:
        if current is None:
            return ctx.refuse("rules.rollback_nothing")
        earlier = [u.revision for u in await ctx.services.store.uploads(ctx.community)
                   if u.revision < current.revision]
        wanted = earlier[-1] if earlier else 0
    try:
        upload = await rulebook.activate(ctx.community, wanted or None, ctx.inv.invoker.id,
                                         ctx.now)
    except LookupError:
        return ctx.refuse("rules.no_revision", revision=wanted)
    except RuleFileError as error:
        return Answer(problems_text(ctx, "rules.rollback_failed", error.problems))
    by = ctx.inv.invoker.name or ctx.inv.invoker.id
    if upload is None:
        file = rulebook.path_for(ctx.community).name
        ctx.services.modlog.later(ctx.services.modlog.to_log(
            ctx.community, ctx.public("rules.log_disk", file=file, by=by)))
        return ctx.answer("rules.rolled_back_disk", file=file)
    ctx.services.modlog.later(ctx.services.modlog.to_log(
        ctx.community, ctx.public("rules.log_rollback", revision=upload.revision, by=by)))
    return ctx.answer("rules.rolled_back", revision=upload.revision, file=upload.file_name)


async def reload(ctx: Context) -> Answer:
    rulebook = ctx.services.rulebook
    outcome = await rulebook.reload(force=True)
    path = rulebook.path_for(ctx.community)
    result = outcome.get(path, "unchanged")
    if result == "rejected":
        return Answer(problems_text(ctx, "rules.reload_failed", rulebook.problems.get(path, [])))
    text = ctx.say("rules.reload." + result, file=path.name)
    upload = rulebook.active_upload(ctx.community)
    if upload is not None:
        text += "\n" + ctx.say("rules.reload_upload_active", revision=upload.revision)
    return Answer(text)
