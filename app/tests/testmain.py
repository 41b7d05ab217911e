"""The end-to-end tests' common entry: runs the module's unittest cases, prints the plain
'N passed, N failed' line CI reads, and fails on a failure or on no test at all."""
import sys
import unittest


def run():
    prog = unittest.main(module="__main__", argv=sys.argv[:1], verbosity=2, exit=False)
    r = prog.result
    failed = len(r.failures) + len(r.errors)
    print("%d passed, %d failed" % (r.testsRun - failed, failed))
    sys.exit(1 if failed or r.testsRun == 0 else 0)
