"""docs/screenshots/heatmap-readable.png: a discriminator saturated by learning rate 10, drawn on the left as GAN Lab
colours it (d3's whole PRGn, dots without a halo) and on the right as ganlab-gl draws it (PRGn's tails capped, every
dot ringed by a halo).

    .venv/bin/python scripts/heatmap_readable.py docs/screenshots/heatmap-readable.png

Trains Two Gaussians 300 iterations at train.d_lr=10 from seed 0 (`ganlab-gl train`) and draws each half with
`ganlab-gl render RUN --size 640x400 --layers heatmap,real,fake`, the left one with render.colormap.COLORMAP_CAP 0
and no halo ring (render.layers.samples.HALO_PX 0); the halves sit side by side, 8 white pixels apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from unittest import mock

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ganlab_gl import cli  # noqa: E402
from ganlab_gl.render import colormap  # noqa: E402
from ganlab_gl.render.layers import samples  # noqa: E402

HALF = (640, 400)
GAP_PX = 8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    out = parser.parse_args().out
    with tempfile.TemporaryDirectory() as folder:
        run, before, after = Path(folder, "run"), Path(folder, "before.png"), Path(folder, "after.png")
        ran = cli.main(["train", "--set", "train.d_lr=10", "--iterations", "300", "--seed", "0", "--out", str(run),
                        "--quiet"])
        render = ["render", str(run), "--size", "{}x{}".format(*HALF), "--layers", "heatmap,real,fake", "--out"]
        with mock.patch.object(colormap, "COLORMAP_CAP", 0.0), mock.patch.object(samples, "HALO_PX", 0.0):
            ran = ran or cli.main([*render, str(before)])
        ran = ran or cli.main([*render, str(after)])
        if ran:
            sys.exit(ran)
        figure = Image.new("RGB", (2 * HALF[0] + GAP_PX, HALF[1]), "white")
        figure.paste(Image.open(before).convert("RGB"), (0, 0))
        figure.paste(Image.open(after).convert("RGB"), (HALF[0] + GAP_PX, 0))
    figure.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
