"""Every French text, merged from one module per domain (keys never overlap)."""

from catalogue.fr.archives import TEXTS as ARCHIVES
from catalogue.fr.automod import TEXTS as AUTOMOD
from catalogue.fr.cases import TEXTS as CASES
from catalogue.fr.commands import TEXTS as COMMANDS
from catalogue.fr.core import TEXTS as CORE
from catalogue.fr.engagement import TEXTS as ENGAGEMENT
from catalogue.fr.feeds import TEXTS as FEEDS
from catalogue.fr.insight import TEXTS as INSIGHT
from catalogue.fr.malfunctions import TEXTS as MALFUNCTIONS
from catalogue.fr.platforms import TEXTS as PLATFORMS
from catalogue.fr.refusals import TEXTS as REFUSALS
from catalogue.fr.report_render import TEXTS as REPORT_RENDER
from catalogue.fr.watch import TEXTS as WATCH

TEXTS: dict[str, str] = {**CORE, **COMMANDS, **PLATFORMS, **REFUSALS, **CASES, **INSIGHT,
                         **REPORT_RENDER, **WATCH, **FEEDS, **ENGAGEMENT, **ARCHIVES,
                         **AUTOMOD, **MALFUNCTIONS}
