"""Terminal output quirks: findings print verbatim, whatever Rich would make of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_scan_prints_line_numbers_verbatim(tmp_path: Path) -> None:
    # `:100:` is a Rich emoji code; a finding on line 100 must not print as an emoji.
    body = ["\t// padding"] * 96
    source = "\n".join(
        ["package p", "", "func F(xs []int) []int {", *body, "\tvar s []int",
         "\tfor _, x := range xs {", "\t\ts = append(s, x)", "\t}", "\treturn s", "}", ""]
    )
    (tmp_path / "a.go").write_text(source)
    proc = subprocess.run(
        [sys.executable, "-m", "gocodemod", "scan", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{tmp_path / 'a.go'}:100:6: [prealloc-slice]" in proc.stdout
