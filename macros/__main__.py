"""`python -m macros …`: the command line for partners and maintainers (macros.site.cli)."""

import sys

from macros.site.cli import main

sys.exit(main())
