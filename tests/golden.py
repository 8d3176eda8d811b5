"""Golden cases: golden/<transform-id>/**/<case>.go beside <case>.go.golden.

No .golden file means the transform must leave the case unchanged (a refusal case). A case
directory may hold a go.mod to set the module's `go` version the transform sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gocodemod import engine
from gocodemod.registry import catalogue, select
from gocodemod.source import Package

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@dataclass(frozen=True)
class Case:
    transform: str
    path: Path

    @property
    def golden(self) -> Path:
        return self.path.with_name(self.path.name + ".golden")

    @property
    def id(self) -> str:
        return f"{self.transform}/{self.path.relative_to(GOLDEN / self.transform).as_posix()}"


def cases() -> list[Case]:
    found = []
    for transform in sorted(catalogue()):
        folder = GOLDEN / transform
        if folder.is_dir():
            found.extend(
                Case(transform, p)
                for p in sorted(folder.rglob("*.go"))
                if not p.name.endswith("_test.go")
            )
    return found


def run(transform: str, path: Path, source: bytes | None = None) -> bytes:
    """The transform's output for one case file, seen as a one-file package."""
    package = Package(directory=path.parent, paths=[path])
    loaded = engine.load_file(path, package, source if source is not None else path.read_bytes())
    assert loaded is not None and not isinstance(loaded, Exception), f"{path}: {loaded}"
    result = engine.analyse_file(loaded, select([transform]))
    assert not result.errors, "\n".join(map(str, result.errors))
    return result.rewritten if result.rewritten is not None else loaded.source
