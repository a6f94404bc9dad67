"""The function map of Argo CD's ApplicationSet templates: sprig's `GenericFuncMap` minus `env`,
`expandenv` and `getHostByName`, plus Argo CD's `normalize`, `slugify`, `toYaml`, `fromYaml` and
`fromYamlArray`. Go's own builtins (`and`, `index`, `printf`, `eq`...) live with the executor.

Each function is registered with its Go signature (`registry.Signature`); the executor converts
and checks arguments the way Go's `text/template` does before calling the Python body.
"""
