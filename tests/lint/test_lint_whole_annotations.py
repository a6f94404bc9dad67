"""whole-annotations: an ApplicationSet copying a cluster's annotations whole into Applications
(and with them kubectl's last-applied-configuration: the cluster secret, credentials included).
"""

from __future__ import annotations

import pytest
from lint_fleet import Fleet

from cmp_plugin.lint.rules.whole_annotations import leaks
from helpers import ROOT

RULE = "whole-annotations"
BOOTSTRAP = "fleet/bootstrap/hub/bootstrap.yaml"
HINT = 'pass only those needed, each with (index .metadata.annotations "key")'


def bootstrap(cluster_parameter: str) -> str:
    return f"""\
        # the hub's bootstrap
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata:
          name: bootstrap
        spec:
          goTemplate: true
          generators:
            - clusters:
                selector:
                  matchLabels:
                    fleet_member: hub-cluster
          template:
            metadata:
              name: 'fleet-{{{{ .name }}}}'
            spec:
              project: default
              source:
                repoURL: '{{{{ .metadata.annotations.addons_repo_url }}}}'
                path: fleet/bootstrap
                plugin:
                  name: argocd-fleet-v1
                  parameters:
                    - name: group
                      string: platform
                    - name: cluster
                      string: '{cluster_parameter}'
              destination:
                name: '{{{{ .name }}}}'
                namespace: argocd
        """


def test_annotations_passed_whole_to_the_plugin_are_an_error(fleet: Fleet) -> None:
    whole = '{{ toJson (dict "name" .name "annotations" .metadata.annotations) }}'
    fleet.write(BOOTSTRAP, bootstrap(whole))
    assert fleet.rule(RULE) == [
        f"{BOOTSTRAP}:27: error: spec.template.spec.source.plugin.parameters.1.string: copies "
        "the cluster's annotations whole into the Application (`.metadata.annotations`); "
        f"{HINT} [whole-annotations]"
    ]


def test_the_annotations_needed_each_by_name_are_fine(fleet: Fleet) -> None:
    picked = (
        '{{ toJson (dict "name" .name "labels" .metadata.labels "annotations" (dict '
        '"addons_repo_basepath" (index .metadata.annotations "addons_repo_basepath"))) }}'
    )
    fleet.write(BOOTSTRAP, bootstrap(picked))
    assert fleet.rule(RULE) == []


def test_everywhere_in_the_template_patch_and_generator_templates(fleet: Fleet) -> None:
    fleet.write(
        "apps/appsets.yaml",
        """\
        kind: ConfigMap
        apiVersion: v1
        data:
          note: '{{ toJson .metadata.annotations }}'
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata:
          name: workloads
        spec:
          goTemplate: true
          generators:
            - matrix:
                generators:
                  - clusters:
                      template:
                        metadata: {}
                        spec:
                          source:
                            helm:
                              values: |
                                cluster: {{ toYaml .metadata | nindent 2 }}
                  - list:
                      elements:
                        - note: '{{ .metadata.annotations }}'
          templatePatch: |
            spec:
              source:
                plugin:
                  env:
                    - name: SECRET
                      value: '{{ index .metadata.annotations "kubectl.kubernetes.io/last-applied-configuration" }}'
          template:
            metadata:
              name: '{{ .name }}'
              annotations:
                all: '{{ range $k, $v := $.metadata.annotations }}{{ $k }}={{ $v }},{{ end }}'
            spec:
              project: default
        """,
    )
    # Not the ConfigMap (no ApplicationSet), nor a list generator's element (not a template).
    assert fleet.rule(RULE) == [
        "apps/appsets.yaml:21: error: spec.generators.0.matrix.generators.0.clusters.template."
        "spec.source.helm.values: copies the cluster's annotations whole into the Application "
        f"(`.metadata`); {HINT} [whole-annotations]",
        "apps/appsets.yaml:26: error: spec.templatePatch: names the annotation "
        "kubectl.kubernetes.io/last-applied-configuration, a copy of the cluster secret with "
        "its credentials [whole-annotations]",
        "apps/appsets.yaml:37: error: spec.template.metadata.annotations.all: copies the "
        "cluster's annotations whole into the Application (`$.metadata.annotations`); "
        f"{HINT} [whole-annotations]",
    ]


@pytest.mark.parametrize(
    ("template", "whole"),
    [
        ('{{ toJson (dict "a" .metadata.annotations) }}', ".metadata.annotations"),
        ("{{ .metadata.annotations | toJson }}", ".metadata.annotations"),
        ("{{ toPrettyJson .metadata }}", ".metadata"),
        ('{{ index .metadata "annotations" }}', ".metadata"),
        ("{{ toJson . }}", "toJson ."),
        ("{{- toYaml $ -}}", "toYaml $"),
        ("{{ with .metadata.annotations }}{{ toJson . }}{{ end }}", ".metadata.annotations"),
        ("{{ $c.metadata.annotations }}", "$c.metadata.annotations"),
        ('{{ toJson (dict\n  "a" .metadata.annotations) }}', ".metadata.annotations"),
    ],
)
def test_forms_that_copy_them_whole(template: str, whole: str) -> None:
    assert any(f"(`{whole}`)" in problem for problem in leaks(template)), leaks(template)


@pytest.mark.parametrize(
    "template",
    [
        "{{ .metadata.annotations.addons_repo_basepath }}",
        '{{ index .metadata.annotations "aws_region" }}',
        "{{ index .metadata.annotations $key }}",
        '{{ default "x" (index .metadata.annotations "ack_create") }}',
        '{{ index .metadata "labels" }}',
        '{{ index .metadata "annotations" "aws_region" }}',
        "{{ toJson .metadata.labels }}",
        "{{ .name }}-{{ .values.chart }}",
        "metadata.annotations outside any action",
    ],
)
def test_forms_that_read_one_annotation_or_none(template: str) -> None:
    assert leaks(template) == []


def test_the_examples_pass_only_the_annotations_the_plugin_reads() -> None:
    from cmp_plugin.lint.files import read_yaml
    from cmp_plugin.lint.rules.whole_annotations import is_application_set, templates

    checked = 0
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        for document in read_yaml(str(path), str(path)).documents:
            if is_application_set(document):
                checked += 1
                assert [leaks(text) for _, text in templates(document["spec"])] == [
                    [] for _ in templates(document["spec"])
                ], path
    assert checked == 4  # the hub bootstrap, its copy in the fleet, the two member ApplicationSets
