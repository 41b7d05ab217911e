#!/usr/bin/env python3
"""The core's rooms include only the rooms below them (docs/architecture.md).

Usage: check_rooms.py CORE_DIR. Reads every source under CORE_DIR/src/ROOM and
CORE_DIR/include/actviz/ROOM, and fails (exit 1, one line per include) when one includes a
header of a room that is not below its own: "actviz/ROOM/x.hpp" (public) or "ROOM/x.hpp"
(private, under src/). A file outside any room fails too, so a new room is added here first.
"""
import pathlib
import re
import sys

# Each room and the rooms it may include (its own is always allowed).
BELOW = {
    "base": set(),
    "activations": {"base"},
    "formula": {"base", "activations"},
    "stats": {"base", "activations", "formula"},
    "image": {"base", "activations"},
    "networks": {"base", "activations", "formula", "stats"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"(?:actviz/)?([a-z_]+)/[^"]+"', re.M)


def main() -> int:
    core = pathlib.Path(sys.argv[1])
    bad = []
    for top in (core / "src", core / "include" / "actviz"):
        for path in sorted(top.rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".h", ".c"):
                continue
            room = path.relative_to(top).parts[0]
            if room not in BELOW:
                bad.append(f"{path}: not in a room ({', '.join(BELOW)})")
                continue
            for m in INCLUDE.finditer(path.read_text(encoding="utf-8")):
                other = m.group(1)
                if other in BELOW and other != room and other not in BELOW[room]:
                    line = path.read_text(encoding="utf-8").count("\n", 0, m.start()) + 1
                    bad.append(f"{path}:{line}: room {room} includes {other}, which is not below it")
    for b in bad:
        print(b)
    print(f"{len(bad)} include(s) against the rooms' order" if bad else "rooms: in order")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
