"""argocd-fleet: an Argo CD config-management plugin that renders fleet ApplicationSets."""

__version__ = "0.1.0"
