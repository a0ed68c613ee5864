"""Allow ``python -m shared``."""

import sys

from shared.launch.cli import main

sys.exit(main())
