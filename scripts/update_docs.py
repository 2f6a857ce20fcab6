"""Regenerate the reference pages that come from declarations: docs/SETTINGS.md and docs/KEYS.md.

Tests fail when a page lags behind the code; run this after changing a setting or a key.

    .venv/bin/python scripts/update_docs.py
"""

from pathlib import Path

from ganlab_gl.app.keys import BINDINGS
from ganlab_gl.app.panels.help import pretty_key
from ganlab_gl.app.state import ViewConfig
from ganlab_gl.core.settings import GanConfig, settings_table_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def settings_page() -> str:
    return "\n".join([
        "# Settings", "",
        "Generated from the declarations in `ganlab_gl/core/settings.py` and `ganlab_gl/app/state.py` by "
        "`scripts/update_docs.py`; a test keeps this page in step.", "",
        "## Training (`GanConfig`)", "",
        "Give them in a TOML file (`[section]` tables) with `--config`, or one at a time with "
        "`--set section.key=value` (`train`, `lab`). *live* settings change a running trainer in place; the others "
        "restart the run (the lab asks first).", "",
        settings_table_markdown(list(GanConfig.settings().values())), "",
        "## View (`ViewConfig`, the lab window)", "",
        "Saved with a session (`state.json`); every one applies at once.", "",
        settings_table_markdown(list(ViewConfig.settings().values())), "",
    ])


def keys_page() -> str:
    rows = [f"| {' / '.join(pretty_key(k) for k in b.keys)} | {b.description} |" for b in BINDINGS]
    return "\n".join([
        "# Keys", "",
        "Every action of the lab has a key; F1 or ? shows this list in the window. Keys work whichever panel has "
        "focus, except while a text field is being edited. Generated from `ganlab_gl/app/keys.py` by "
        "`scripts/update_docs.py`.", "",
        "| key | action |", "|---|---|", *rows, "",
        "Mouse: the wheel zooms about the pointer (the heatmap is re-probed over the new view, so zooming reveals "
        "detail rather than blur), dragging pans, hovering shows the coordinates and D's output there. In drawing "
        "mode, dragging draws. Dropping a .csv/.npy file on the window imports it; dropping a session folder loads "
        "it.", "",
    ])


def main() -> None:
    (DOCS / "SETTINGS.md").write_text(settings_page(), encoding="utf-8")
    (DOCS / "KEYS.md").write_text(keys_page(), encoding="utf-8")


if __name__ == "__main__":
    main()
