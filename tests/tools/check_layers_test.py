#!/usr/bin/env python3
"""tools/check_layers.py on small made-up trees: it refuses a wrong include with file:line."""

import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECKER = pathlib.Path(__file__).resolve().parents[2] / "tools" / "check_layers.py"
LAYERS = """\
core:
regulation: core
api: core regulation
app: *
"""


def run(files):
    """Writes `files` ({path under src: text}) and the layer list; returns (exit code, output)."""
    with tempfile.TemporaryDirectory(prefix="otklik-check-layers-") as root:
        root = pathlib.Path(root)
        (root / "layers.txt").write_text(LAYERS, encoding="utf-8")
        for name in ("core", "regulation", "api", "app"):
            (root / "src" / name).mkdir(parents=True)
        for path, text in files.items():
            (root / "src" / path).parent.mkdir(parents=True, exist_ok=True)
            (root / "src" / path).write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, CHECKER, "--src", root / "src", "--layers", root / "layers.txt"],
            capture_output=True, text=True, check=False)
        return done.returncode, done.stdout.replace(str(root) + "/", "")


class CheckLayers(unittest.TestCase):
    def test_accepts_includes_down_the_layers(self):
        code, out = run({
            "api/api.cpp": '#include "api/api.hpp"\n#include "core/appeal.hpp"\n'
                           '#include <boost/json.hpp>\n#include "regulation/loader.hpp"\n',
            "app/main.cpp": '#include "api/api.hpp"\n#include "core/clock.hpp"\n',
            "core/appeal.cpp": '#include "core/appeal.hpp"\n#include <string>\n',
        })
        self.assertEqual(code, 0, out)

    def test_refuses_an_include_up_the_layers_with_file_and_line(self):
        code, out = run({
            "core/appeal.cpp": '#include "core/appeal.hpp"\n\n#include "api/http.hpp"\n',
        })
        self.assertEqual(code, 1)
        self.assertIn('src/core/appeal.cpp:3: #include "api/http.hpp": layer "core" may not '
                      'use "api"', out)

    def test_refuses_a_sideways_include_in_a_subfolder(self):
        code, out = run({"regulation/deep/x.hpp": '#include "api/server.hpp"\n'})
        self.assertEqual(code, 1)
        self.assertIn('src/regulation/deep/x.hpp:1: #include "api/server.hpp"', out)

    def test_refuses_relative_paths_and_unlisted_folders(self):
        code, out = run({"core/a.cpp": '#include "../api/http.hpp"\n',
                         "storage/s.cpp": '#include "core/appeal.hpp"\n'})
        self.assertEqual(code, 1)
        self.assertIn('src/core/a.cpp:1: #include "../api/http.hpp": a relative path', out)
        self.assertIn("src/storage: folder not in the layer list", out)


if __name__ == "__main__":
    unittest.main()
