from __future__ import annotations

import os

# Every go command in the tests runs offline and with the local toolchain only.
os.environ.setdefault("GOPROXY", "off")
os.environ.setdefault("GOTOOLCHAIN", "local")
os.environ.setdefault("GOFLAGS", "-modcacherw")
