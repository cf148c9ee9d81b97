"""English texts only one platform shows: Discord's message menu, Telegram's command menu
and the answers its adapter gives before a command reaches the core."""

TEXTS: dict[str, str] = {
    "discord.menu.report": "Report message",
    # a Telegram menu entry: the command's help, then how to write it
    "telegram.menu.entry": "{help}: {usage}",
    "telegram.private_only_appeal": "Here, in private, you can appeal a sanction: "
                                    "/appeal <case number> <why>; or get your data: /mydata. "
                                    "Other commands work in the group.",
    "telegram.unknown_user": "I do not know {name} yet: reply to one of their messages with "
                             "the command, or give their numeric id.",
    "telegram.unknown_subcommand": "Unknown {group} subcommand {name}: use {choices} or "
                                   "{last}.",
    "telegram.file_unreadable": "I could not download the attached file from Telegram; "
                                "try again.",
    "platform.file_too_large": "The attached file is {size} bytes: the limit is {limit}.",
}
