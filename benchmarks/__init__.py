"""Performance measurements: scripts that print figures and compare them with a baseline
measured in the same run (never timings asserted in tests)."""
