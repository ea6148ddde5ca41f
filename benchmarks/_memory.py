"""Peak memory of one decoder on one body, in a fresh process: `_memory.py DECODER BODY_FILE`.

Prints one JSON object. The figure is the process's peak resident set (`VmHWM`) during the
decode minus its resident set (`VmRSS`) just before, when the interpreter, the decoder and
the body bytes are already resident and the peak has been reset to that level: what
decoding adds on top of holding the body, the result included (it is still alive when
measured), and every transient buffer on the way. `retained_mb` is the resident set after
the decode minus before it (the result alone, as far as the allocator gives memory back).

`VmHWM` is what `ru_maxrss` reports, but for this process's own memory: `ru_maxrss` keeps
the peak of the process it was forked from across `exec`, which would hide any decode that
stays below the parent's size. Linux only (`/proc/self`).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from _decoders import decoder


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> None:
    """Bring `VmHWM` down to the current resident set (Linux 4.0 and later)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def measure(name: str, path: Path) -> dict[str, float | str]:
    decode = decoder(name)
    decode(b'{"models":[]}')  # builds whatever the decoder builds on first use
    body = path.read_bytes()
    gc.collect()
    _reset_peak()
    before = _status_mb("VmRSS")
    started = time.perf_counter()
    result = decode(body)
    seconds = time.perf_counter() - started
    peak, after = _status_mb("VmHWM"), _status_mb("VmRSS")
    del result
    return {
        "decoder": name,
        "body_mb": len(body) / 2**20,
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
        "peak_delta_mb": peak - before,
        "retained_mb": after - before,
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
