#!/usr/bin/env python3
"""Drain3 baseline for `npm run bench:parse`: default config, one add_log_message per line.

Usage: python3 drain3-baseline.py <file>   (prints one JSON object on stdout)
"""
import json
import logging
import resource
import sys
import time

logging.disable(logging.CRITICAL)  # drain3 logs every new cluster at INFO otherwise


def main() -> None:
    if len(sys.argv) != 2:
        print("usage: drain3-baseline.py <file>", file=sys.stderr)
        sys.exit(2)
    from drain3 import TemplateMiner  # imported late so a missing package gives a clear error

    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        lines = [line.rstrip("\n") for line in f]
    miner = TemplateMiner()
    start = time.perf_counter()
    for line in lines:
        miner.add_log_message(line)
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "parser": "drain3",
        "lines": len(lines),
        "seconds": round(elapsed, 3),
        "linesPerSec": round(len(lines) / elapsed),
        "peakRssMb": round(peak_kb / 1024, 1),
        "templates": len(miner.drain.clusters),
    }))


if __name__ == "__main__":
    main()
