#!/usr/bin/env python3
"""Compare two streams of Kubernetes manifests the way the golden cases are judged.

usage: manifest_diff.py EXPECTED ACTUAL      (ACTUAL may be - for standard input)

Both files are YAML streams. Objects are matched by (apiVersion, kind, namespace, name); order and
formatting do not matter. The identity labels and annotations that only say which renderer produced
an object are ignored on both sides, in metadata and in spec.template.metadata:
helm.sh/chart, app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version,
app.kubernetes.io/managed-by. Everything else must be equal, value for value and type for type
("1.0" is not 1.0, "true" is not true).

Exit status: 0 equal, 1 different (a readable report of every difference is printed), 2 unreadable input.
"""

import sys

import yaml

IDENTITY = {
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
}


def strip_identity(meta):
    if not isinstance(meta, dict):
        return
    for field in ("labels", "annotations"):
        block = meta.get(field)
        if isinstance(block, dict):
            for key in IDENTITY:
                block.pop(key, None)
            if not block:
                meta.pop(field)


def load(path):
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    objects = {}
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise ValueError(f"{path}: a document is not a mapping: {doc!r:.80}")
        strip_identity(doc.get("metadata"))
        strip_identity(((doc.get("spec") or {}).get("template") or {}).get("metadata"))
        meta = doc.get("metadata") or {}
        key = (doc.get("apiVersion"), doc.get("kind"), meta.get("namespace"), meta.get("name"))
        if key in objects:
            raise ValueError(f"{path}: the object {key} appears twice")
        objects[key] = doc
    return objects


def diff(a, b, path, out):
    if type(a) is not type(b):
        out.append(f"  {path}: expected {a!r} ({type(a).__name__}), got {b!r} ({type(b).__name__})")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in b:
                out.append(f"  {path}.{k}: missing (expected {a[k]!r:.120})")
            elif k not in a:
                out.append(f"  {path}.{k}: unexpected {b[k]!r:.120}")
            else:
                diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"  {path}: expected {len(a)} items, got {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"  {path}: expected {a!r}, got {b!r}")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        expected, actual = load(argv[1]), load(argv[2])
    except (OSError, ValueError, yaml.YAMLError) as err:
        print(f"manifest_diff: {err}", file=sys.stderr)
        return 2
    report = []
    for key in sorted(set(expected) | set(actual), key=str):
        name = "/".join(str(p) for p in key if p)
        if key not in actual:
            report.append(f"missing object {name}")
        elif key not in expected:
            report.append(f"unexpected object {name}")
        else:
            lines = []
            diff(expected[key], actual[key], "", lines)
            if lines:
                report.append(f"object {name} differs:")
                report.extend(lines)
    if report:
        print("\n".join(report))
        print(f"{len(expected)} expected, {len(actual)} actual: DIFFERENT")
        return 1
    print(f"{len(expected)} objects: equal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
