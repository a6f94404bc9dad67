import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))
# The repository root, for `bench` (the benchmark, and the argocd-cmp-server stand-in it
# shares with the test harness).
sys.path.insert(1, str(Path(__file__).parent.parent))

# Hypothesis: CI runs a fixed, reproducible set of examples (a red build must mean a change
# broke something, not that the search got lucky); `HYPOTHESIS_PROFILE=explore pytest
# tests/test_properties.py` searches far wider with fresh randomness, to find new bugs.
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("explore", max_examples=4000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
