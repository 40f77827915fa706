"""The guard that fails tests on Home Assistant's deprecation reports catches them."""

from __future__ import annotations

import logging

from tests.support.deprecations import FRAME_LOGGER, DeprecationReports, reports_in

REPORT_LINE = (
    "Detected that custom integration 'datacenter_assistant' calls "
    "`device_registry.async_get_or_create` with a deprecated `via_device` parameter"
)


def test_a_report_about_this_integration_is_collected() -> None:
    reports = DeprecationReports()
    # Not the frame logger itself: the suite's own guard watches that one.
    logger = logging.getLogger("tests.deprecation_guard")
    logger.addHandler(reports)
    try:
        logger.warning(
            "%s. This will stop working in Home Assistant 2027.8.0", REPORT_LINE
        )
        logger.warning("Detected that custom integration 'other' calls something")
    finally:
        logger.removeHandler(reports)
    assert reports.reports == [
        REPORT_LINE + ". This will stop working in Home Assistant 2027.8.0"
    ]


def test_reports_are_found_in_a_log_file() -> None:
    log = (
        f"2026-11-30 10:00:00.000 WARNING (MainThread) [{FRAME_LOGGER}] {REPORT_LINE}\n"
    )
    assert reports_in(log) == [REPORT_LINE]
    assert reports_in(log.replace("datacenter_assistant", "other")) == []
