"""What kind of case a case is, read from the rule it was opened under.

The kind decides what is done with a case beyond carrying it out: whether the mod
log gets it one by one or in a summary (a raid's cases go to the lockdown's
closing alert), and whether its sanction gets a timer to lift it.
"""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    RULE = "rule"                    # a rule of the code of conduct (its id is the rule)
    ESCALATION = "escalation"        # a step of the points ladder
    MANUAL = "manual"                # a moderator's command, or a sanction by hand on the platform
    RAID = "raid"                    # a newcomer's action during a lockdown
    VERIFICATION = "verification"    # a newcomer who missed the gate's deadline
    REJOIN = "rejoin"                # a timeout re-applied to a member who left and came back
    APPEAL = "appeal"                # the lifting of an accepted appeal's sanction
    TIMER = "timer"                  # a lifting by a timer whose origin is unknown

    @classmethod
    def of(cls, rule: str) -> CaseKind:
        """The kind of a case opened under `rule` (any other id: a rule of the file). A dict
        lookup: most ids are rules', and `cls(rule)` would raise for each (~4 µs a case)."""
        return cls._value2member_map_.get(rule, cls.RULE)  # type: ignore[return-value]

    @property
    def summarised(self) -> bool:
        """True when the mod log gets this kind in a summary, not case by case."""
        return self is CaseKind.RAID

    @property
    def lifts_itself(self) -> bool:
        """False when the sanction's end is already scheduled elsewhere: a re-applied
        timeout keeps the timers of the case it re-applies."""
        return self is not CaseKind.REJOIN
