"""Messages in the hour after each scheduled post: what a community did with a topic.

The publisher calls `start` when a post, poll or announcement went out; the pipeline's
counting hands every message to `message` (a dict lookup for communities with no post
under way: nothing else). A post's hour ends at the first message or flush after it;
its count is then written once, complete. At shutdown the hours still running are
written as they stand (a lower bound, marked incomplete).
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.followups import FollowupTuple

HOUR = 3600.0


@dataclass(slots=True)
class _Window:
    post: int
    ends: float
    messages: int = 0


class Follows:
    def __init__(self) -> None:
        self._open: dict[str, list[_Window]] = {}
        self._done: list[FollowupTuple] = []

    def start(self, community: str, post: int, at: float) -> None:
        self._open.setdefault(community, []).append(_Window(post, at + HOUR))

    def message(self, community: str, at: float) -> None:
        windows = self._open.get(community)
        if not windows:
            return
        for window in windows:
            if at < window.ends:
                window.messages += 1
        if windows[0].ends <= at:
            self._close(community, at)

    def _close(self, community: str, now: float) -> None:
        windows = self._open.get(community, [])
        still = [w for w in windows if w.ends > now]
        self._done += [(w.post, community, w.messages, True) for w in windows if w.ends <= now]
        if still:
            self._open[community] = still
        else:
            self._open.pop(community, None)

    def drain(self, now: float, *, final: bool = False) -> list[FollowupTuple]:
        """What to write: the hours over by `now`; with `final`, the running ones too."""
        for community in list(self._open):
            self._close(community, now)
        rows, self._done = self._done, []
        if final:
            rows += [(w.post, community, w.messages, False)
                     for community, windows in self._open.items() for w in windows]
        return rows

    def keep(self, rows: list[FollowupTuple]) -> None:
        """A batch the store refused: written with the next one."""
        self._done = rows + self._done
