"""The lint rules of `argocd-fleet validate`, one module each; a module's docstring is its
documentation (`docs/validate.md` gathers them). See `cmp_plugin.lint.core` for the contract."""
