"""`python -m ganlab_gl` is `ganlab-gl` (the lab's timeline export runs `animate` this way)."""

from ganlab_gl.cli import main

raise SystemExit(main())
