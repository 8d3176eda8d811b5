"""parsing.captures hands transforms their nodes in source order, so output is stable."""

from __future__ import annotations

from gocodemod import parsing
from gocodemod.gotool import goroot


def test_captures_come_in_source_order() -> None:
    # A real file on which py-tree-sitter's own capture order is not source order.
    path = goroot() / "src" / "cmd" / "compile" / "internal" / "ssa" / "addressingmodes.go"
    root = parsing.parse(path.read_bytes()).root_node
    found = parsing.captures("(identifier) @id", root)["id"]
    assert len(found) > 1000
    starts = [n.start_byte for n in found]
    assert starts == sorted(starts)
