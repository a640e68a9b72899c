"""``python -m symconv``: the same as the ``symconv`` command."""

from .cli import main

raise SystemExit(main())
