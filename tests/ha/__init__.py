"""Tests of the Home Assistant layer (custom_components/datacenter_assistant)."""
