"""Home Assistant's reports of deprecated calls made by this integration.

Home Assistant does not raise when a custom integration calls a deprecated API: it logs
"Detected that custom integration 'datacenter_assistant' ..." through
`homeassistant.helpers.frame` and keeps going until the release that removes the API. The
test suite and the end-to-end test turn each such line into a failure.
"""

from __future__ import annotations

import logging
import re

FRAME_LOGGER = "homeassistant.helpers.frame"
REPORT = re.compile(r"Detected that custom integration 'datacenter_assistant' [^\n]*")


def reports_in(text: str) -> list[str]:
    """Return every deprecation report about this integration in a log text."""
    return REPORT.findall(text)


class DeprecationReports(logging.Handler):
    """Collects the reports Home Assistant's frame helper logs about this integration."""

    def __init__(self) -> None:
        """Collect nothing yet."""
        super().__init__(level=logging.WARNING)
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's message when it is a report about this integration."""
        self.reports.extend(reports_in(record.getMessage()))
