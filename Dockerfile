# syntax=docker/dockerfile:1
# The argocd-fleet sidecar of argocd-repo-server: Argo CD's own argocd-cmp-server (copied into
# the shared /var/run/argocd volume by the repo-server's init container) runs plugin.yaml's
# generate command, `argocd-fleet-cmp`, installed here from the project's wheel.
#
#   docker build -t argocd-fleet:0.1.0 .
#
# At run time the container writes only to /tmp (an emptyDir of its own) and to the two
# volumes it shares with the repo-server; the root filesystem can be read-only
# (sidecar/kustomize/repo-server-patch.yaml, sidecar/helm-values.yaml).

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

############################################################################################
# Build: the project's wheel, then the wheels of its dependencies.
############################################################################################
FROM ${PYTHON_IMAGE} AS build
# Only used when PyPI has no binary wheel of PyYAML for the platform: then PyYAML is built
# here from source against libyaml, so that its C loader (yaml.CSafeLoader) exists.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev libyaml-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY cmp_plugin ./cmp_plugin
RUN python -m pip wheel --no-cache-dir --no-deps --wheel-dir /wheels . \
 && python -m pip wheel --no-cache-dir --wheel-dir /wheels /wheels/argocd_fleet-*.whl

############################################################################################
# Run: the wheels installed (no source tree, no editable install), bytecode compiled ahead.
############################################################################################
FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="argocd-fleet" \
      org.opencontainers.image.description="Argo CD config-management plugin sidecar: fleet ApplicationSets from a values hierarchy" \
      org.opencontainers.image.licenses="Apache-2.0"

# libyaml for PyYAML's C loader and dumper (a PyYAML built from source links to it; the
# binary wheels carry their own copy). The RUN below fails the build without them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libyaml-0-2 \
 && rm -rf /var/lib/apt/lists/*

# The plugin starts as a new process on every refresh of every Application, and the official
# image ships no .pyc files: with a read-only root filesystem Python could never cache them
# and would compile every module it imports on every run. So the standard library and the
# installed packages are compiled here, once.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    python -m pip install --no-cache-dir --no-index --no-deps /wheels/*.whl \
 && python -m pip check \
 && python -c "import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 'PyYAML has no libyaml')" \
 && python -m compileall -q -j 0 -x '/(test|tests|idle_test)/' \
      "$(python -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')" \
      "$(python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" \
 && argocd-fleet --version

# The same uid as Argo CD's repo-server (999): the plugin socket in the shared `plugins`
# volume must be reachable by both. Numeric USER, so Kubernetes can check runAsNonRoot.
RUN groupadd --gid 999 argocd \
 && useradd --uid 999 --gid 999 --home-dir /home/argocd --create-home --shell /usr/sbin/nologin argocd \
 && mkdir -p /home/argocd/cmp-server/config /home/argocd/cmp-server/plugins \
 && chown 999:999 /home/argocd/cmp-server/plugins

# argocd-cmp-server reads its plugin configuration from this fixed path.
COPY --chown=root:root --chmod=0644 plugin.yaml /home/argocd/cmp-server/config/plugin.yaml

# Anything that wants a writable home (or a cache under it) gets /tmp; the user site is
# ignored so nothing under /tmp can shadow the installed packages.
ENV HOME=/tmp \
    TMPDIR=/tmp \
    PYTHONNOUSERSITE=1

USER 999:999
WORKDIR /home/argocd
ENTRYPOINT ["/var/run/argocd/argocd-cmp-server"]
