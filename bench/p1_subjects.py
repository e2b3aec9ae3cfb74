#!/usr/bin/env python3
"""Writes the subjects of workload P1 (../shared/bench/WORKLOADS.md, "Subjects")
as a CSV that `cnsim population scenarios/bench-p1.json --subjects FILE` reads:
columns id,CL,V,KA. The generator is the workload's portable one (a 32-bit LCG
and Box-Muller), so these are the same subjects the peer scripts simulate.

  python3 bench/p1_subjects.py N OUT.csv
"""
import math
import sys

SEED = 12345
W_CL, W_V, W_KA = 0.293560379, 0.246220677, 0.472380727   # sqrt(ln(1 + CV^2)), CV 30/25/50 %


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    state = SEED

    def uniform():
        nonlocal state
        state = (1664525 * state + 1013904223) % 2**32
        return (state + 0.5) / 2**32

    with open(out, "w") as f:
        f.write("id,CL,V,KA\n")
        for i in range(n):
            u1, u2, u3, u4 = uniform(), uniform(), uniform(), uniform()
            r1, r3 = math.sqrt(-2 * math.log(u1)), math.sqrt(-2 * math.log(u3))
            z1, z2 = r1 * math.cos(2 * math.pi * u2), r1 * math.sin(2 * math.pi * u2)
            z3 = r3 * math.cos(2 * math.pi * u4)
            f.write("%d,%.17g,%.17g,%.17g\n" % (i, 5.6 * math.exp(W_CL * z1), 200 * math.exp(W_V * z2),
                                                  1.8 * math.exp(W_KA * z3)))


if __name__ == "__main__":
    main()
