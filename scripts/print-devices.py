#!/usr/bin/python3
"""Prints `tokenbridge-host devices` JSON as a table (used by scripts/demo.sh)."""
import json
import sys

devices = json.load(open(sys.argv[1]))
rows = [("reader", "model", "identified by", "connection", "serial", "modes (most secure first)",
         "selected")]
for d in devices:
    rows.append((d.get("reader", ""), d.get("model", ""), d.get("identifiedBy", "-"),
                 d.get("connection", ""),
                 d.get("serial") or "-", ", ".join(d.get("modes", [])) or "none",
                 d.get("selectedMode") or "-"))
widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
for n, r in enumerate(rows):
    print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    if n == 0:
        print("  ".join("-" * w for w in widths))
print(f"\n{len(devices)} token(s) detected")
