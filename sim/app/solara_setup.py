"""Solara, imported and set up as both apps want it: a missing `app` extra named in one line, Solara's
badge off the page's bottom right corner (it covers the plots on a projector), Mesa's log quiet."""

from __future__ import annotations

import logging
from types import ModuleType

from sim.extras import missing


def import_solara(what: str) -> ModuleType:
    """The solara module for `what` (e.g. "the seminar app"), set up; raises the missing-extra error."""
    try:
        import solara
        import solara.server.settings
    except ImportError as exc:
        raise missing(what, "app") from exc
    logging.getLogger("MESA").setLevel(logging.WARNING)
    solara.server.settings.theme.show_banner = False
    return solara
