"""Generate assets/favicon.ico (a neon ring, PNG-in-ICO) with the standard library only."""

import math
import struct
import zlib
from pathlib import Path

SIZE = 32


def pixel(x: int, y: int) -> tuple[int, int, int, int]:
    cx = cy = (SIZE - 1) / 2
    d = math.hypot(x - cx, y - cy)
    ring = math.exp(-((d - 10.5) ** 2) / 3.0)
    inner = max(0.0, 1 - d / 6) * 0.0
    if d > 15.5:
        return (0, 0, 0, 0)
    r = int(7 + 248 * ring)
    g = int(6 + 40 * ring)
    b = int(13 + 183 * ring + 60 * inner)
    return (min(r, 255), min(g, 255), min(b, 255), 255)


def png_bytes() -> bytes:
    raw = b"".join(b"\x00" + b"".join(struct.pack("BBBB", *pixel(x, y)) for x in range(SIZE)) for y in range(SIZE))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    png = png_bytes()
    icon = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 22) + png
    out = Path(__file__).resolve().parent.parent / "assets" / "favicon.ico"
    out.write_bytes(icon)
    print(f"wrote {out} ({len(icon)} bytes)")


if __name__ == "__main__":
    main()
