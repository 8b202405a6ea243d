"""`python -m reportpress` is the `reportpress` command."""

from reportpress.cli import main

raise SystemExit(main())
