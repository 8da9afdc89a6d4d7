#!/usr/bin/env python3
"""Checks every src/<folder>/ file's includes against the layer allow-list (tools/layers.txt).

An include names a layer by its first path component ("regulation/loader.hpp" → regulation);
a folder may include its own headers, headers of the layers its line lists, and anything that is
not one of our folders (the standard library, third-party headers). Prints file:line and the
offending include for each violation and exits 1; exits 0 when all includes are allowed.

    tools/check_layers.py [--src DIR] [--layers FILE]
"""

import argparse
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCES = {".cpp", ".hpp", ".h", ".cc", ".ipp"}


def read_layers(path):
    """Returns {folder: set of folders it may include, or None for any}."""
    layers = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        folder, sep, allowed = line.partition(":")
        if not sep or not folder.strip():
            sys.exit(f"{path}:{number}: expected `folder: layers…`, got {line!r}")
        names = allowed.split()
        layers[folder.strip()] = None if names == ["*"] else set(names)
    return layers


def check(src, layers, list_name):
    """Yields one message per violation."""
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        if folder.name not in layers:
            yield f"{folder}: folder not in the layer list; add a line for it to {list_name}"
            continue
        allowed = layers[folder.name]
        for file in sorted(folder.rglob("*")):
            if file.suffix not in SOURCES or not file.is_file():
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                bracket, target = match.groups()
                closing = ">" if bracket == "<" else '"'
                spelled = f"{bracket}{target}{closing}"
                if ".." in pathlib.PurePosixPath(target).parts:
                    yield (f'{file}:{number}: #include {spelled}: a relative path out of '
                           f'the folder; include headers by their path under src/')
                    continue
                layer = target.split("/", 1)[0] if "/" in target else None
                if layer is None or layer == folder.name or layer not in layers:
                    continue  # same folder, or not one of ours
                if allowed is not None and layer not in allowed:
                    yield (f'{file}:{number}: #include {spelled}: layer "{folder.name}" may '
                           f'not use "{layer}" ({list_name} allows: '
                           f'{" ".join(sorted(allowed)) or "nothing"})')


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=pathlib.Path, default=root / "src")
    parser.add_argument("--layers", type=pathlib.Path, default=root / "tools" / "layers.txt")
    args = parser.parse_args()
    layers = read_layers(args.layers)
    problems = list(check(args.src, layers, args.layers.name))
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_layers: {len(problems)} include(s) against the layer order", file=sys.stderr)
        return 1
    print(f"check_layers: includes of {len(layers)} layers follow {args.layers.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
