"""`python -m reportpress.watch SOURCE [--port P]`: the live preview without the `reportpress` command."""

import sys

from reportpress.watch.cli import main

sys.exit(main())
