"""`python -m report DATA_DIR --out PACK.pdf`: build the board pack."""

import sys

from report.cli import main

sys.exit(main())
