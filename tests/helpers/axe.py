"""axe-core in a Playwright page: the WCAG 2.1 A and AA rules, run where the page is.

``./dev setup`` installs axe-core from npm into the checkout's ``node_modules``;
``$ZUIL_AXE`` may name another ``axe.min.js``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = Path(os.environ.get("ZUIL_AXE", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Any) -> list[str]:
    """Every WCAG 2.1 A/AA violation on the page, one line each (rule, impact, where).

    The page's context must bypass its CSP (``bypass_csp=True``): axe is added as
    a script the page itself would never run.
    """
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations.map(v => v.id + ' (' + v.impact + '): '"
        " + v.nodes.map(n => n.target.join(' ')).join(', '))",
        TAGS,
    )
    return list(found)
