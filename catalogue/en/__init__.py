"""Every English text, merged from one module per domain (keys never overlap)."""

from catalogue.en.archives import TEXTS as ARCHIVES
from catalogue.en.automod import TEXTS as AUTOMOD
from catalogue.en.cases import TEXTS as CASES
from catalogue.en.commands import TEXTS as COMMANDS
from catalogue.en.core import TEXTS as CORE
from catalogue.en.engagement import TEXTS as ENGAGEMENT
from catalogue.en.feeds import TEXTS as FEEDS
from catalogue.en.insight import TEXTS as INSIGHT
from catalogue.en.malfunctions import TEXTS as MALFUNCTIONS
from catalogue.en.platforms import TEXTS as PLATFORMS
from catalogue.en.refusals import TEXTS as REFUSALS
from catalogue.en.report_render import TEXTS as REPORT_RENDER
from catalogue.en.watch import TEXTS as WATCH

TEXTS: dict[str, str] = {**CORE, **COMMANDS, **PLATFORMS, **REFUSALS, **CASES, **INSIGHT,
                         **REPORT_RENDER, **WATCH, **FEEDS, **ENGAGEMENT, **ARCHIVES,
                         **AUTOMOD, **MALFUNCTIONS}
