"""Test support shared by the Python suites: the simulator process and its control API."""
