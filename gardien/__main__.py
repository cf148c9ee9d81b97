"""`python -m gardien` is the `gardien` command."""

from gardien.cli import main

raise SystemExit(main())
