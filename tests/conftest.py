import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# The repository root, for `bench` (the benchmark, and the argocd-cmp-server stand-in it
# shares with the test harness).
sys.path.insert(1, str(Path(__file__).parent.parent))
