"""English texts: command help, rights, options and their descriptions; the rank refusals
and escalation requests of moderators' commands."""

TEXTS: dict[str, str] = {
    "help.warn": "Warn a member (adds warning points; escalation applies)",
    "help.timeout": "Time a member out",
    "help.untimeout": "Lift a member's timeout",
    "help.note": "Add a private note about a member",
    "help.case": "Show a case",
    "help.history": "A member's cases, notes and current points",
    "help.reason": "Amend a case's reason (the old one is kept)",
    "help.kick": "Kick a member",
    "help.ban": "Ban a member, for a while or for good",
    "help.unban": "Lift a member's ban",
    "help.stats": "The community's figures and chart for the last days",
    "help.purge": "Delete recent messages in bulk",
    "help.rules.show": "The active code of conduct: file, revision, rule ids",
    "help.rules.check": "Validate a rule file without applying it",
    "help.rules.upload": "Upload a rule file and apply it at once",
    "help.rules.rollback": "Go back to an earlier rule file",
    "help.rules.reload": "Re-read the rule files on disk",
    "help.report": "Report a message to the moderators",
    "help.appeal": "Appeal one of your cases",
    "help.rules": "The community's code of conduct",
    "help.mydata": "Get what Gardien holds about you, as a file (privately)",
    "help.appeal.accept": "Accept an appeal",
    "help.appeal.deny": "Deny an appeal",
    "help.escalation.apply": "Apply an escalation step its warning moderator could not",
    "option.name.step": "step",
    "option.help.step": "The escalation step's points",
    # rank checks beyond the sanctions' (purge by member, amending a case)
    "reason.owner_case": "Case #{number} is the owner's: only the owner can amend its reason.",
    "reason.outranked": "Case #{number} was written by {moderator}, who ranks above you: only "
                        "they or someone above them can amend its reason.",
    "reason.standing_unknown": "I cannot check the standing of {moderator}, who wrote case "
                               "#{number}, right now: only they or the owner can amend it "
                               "for now.",
    # an escalation step the warning moderator has not the right to carry out
    "escalation.request": "Case #{number}: {moderator} warned {member}, who now has {points} "
                          "point(s). The escalation step ({action}) needs the {right} right, "
                          "which {moderator} lacks, so it was not applied: a moderator who "
                          "has that right can apply it.",
    "escalation.apply_label": "Apply: {action}",
    "escalation.waiting": "Escalation: {action} needs the {right} right, which you lack; it "
                          "waits for a moderator who has it (request posted in the mod log).",
    "escalation.no_log": "Escalation: {action} needs the {right} right, which you lack, so it "
                         "was not applied, and there is no mod log to ask in: tell a "
                         "moderator who has it.",
    "escalation.not_found": "No escalation step waits on case #{number}.",
    "escalation.step_gone": "The rule file no longer has an escalation step at {points} "
                            "points: nothing to apply for case #{number}.",
    "escalation.standing_unknown": "I cannot check {member}'s standing right now: try again "
                                   "in a moment.",
    "escalation.points_fell": "{member} now has {points} point(s), below this step's {step}: "
                              "nothing to apply.",
    "escalation.in_progress": "The escalation step of case #{number} is being applied right "
                              "now.",
    "escalation.already": "Already applied: case #{number}, after the warn of case #{warn}.",
    "escalation.applied": "Case #{number}: escalation {action} applied to {member} (the step "
                          "of the warn in case #{warn}).",
    "right.moderate": "Moderate Members (Telegram: restrict members)",
    "right.kick": "Kick Members (Telegram: restrict members)",
    "right.ban": "Ban Members (Telegram: restrict members)",
    "right.manage_messages": "Manage Messages (Telegram: delete messages)",
    "right.manage_server": "Manage Server (Telegram: change group info)",
    "option.name.period": "period",
    "option.name.member": "member",
    "option.name.reason": "reason",
    "option.name.points": "points",
    "option.name.duration": "duration",
    "option.name.delete_messages": "delete_messages",
    "option.name.case": "case",
    "option.name.count": "count",
    "option.name.text": "text",
    "option.name.file": "file",
    "option.name.revision": "revision",
    "option.name.appeal": "appeal",
    "option.missing": "Missing option: {name}.",
    "option.reason_required": "A reason is required for {command} here (the rule file sets "
                              "commands.require_reason): add one.",
    "option.missing_member": "Name the member: the member option, a reply to their message, "
                             "or @username / their id first.",
    "option.integer": "{name} must be a whole number, not {value!r}.",
    "option.range": "{name} must be between {low} and {high} (got {value}).",
    "option.at_least": "{name} must be at least {low} (got {value}).",
    "option.too_long": "{name} is too long: at most {limit} characters.",
    "option.duration": "{value!r} is not a duration: write an integer and a unit "
                       "(s, m, h, d, w), e.g. 10m.",
    "option.duration_at_most": "{name} is at most {limit} (got {value}).",
    "option.too_large": "{name} is far too large (got {value}).",
    "refuse.target_chat": "That is a chat or a channel, not a member: name a person.",
    "option.file": "Attach the rule file (YAML) to the command.",
    "help.lockdown.start": "Lock the community down: newcomers held, no welcome messages",
    "help.lockdown.end": "End the lockdown now",
    "help.verify": "Accept the code of conduct (the button under the welcome message)",
    # command groups (Discord: /rules ..., /lockdown ...; Telegram: /rules show...)
    "help.rules.group": "Code of conduct and rule files",
    "help.lockdown.group": "Raid lockdown",
    # one-line option descriptions (Discord's option picker: at most 100 characters)
    "option.help.period": "How many days back, e.g. 7d, 30d (7d by default)",
    "option.help.member": "The member",
    "option.help.reason": "Why",
    "option.help.points": "Points (default 1)",
    "option.help.duration": "How long, e.g. 10m, 1h, 7d",
    "option.help.delete_messages": "Delete their messages of the last…, e.g. 1d",
    "option.help.case": "Case number",
    "option.help.count": "How many messages",
    "option.help.text": "The text",
    "option.help.file": "A YAML rule file",
    "option.help.revision": "Revision number (default: the previous one)",
    "option.help.appeal": "Appeal number",
}
