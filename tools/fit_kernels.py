#!/usr/bin/python3
"""Fit the polynomial coefficients of the float32 vector kernels (core/src/activations/simd/).

Usage (from the repository root):

    /usr/bin/python3 tools/fit_kernels.py

Prints the C++ constants for kernels_impl.hpp and vmath.hpp with the maximum relative error
of each fit once its coefficients are rounded to float. Needs python3-mpmath and
python3-numpy. Coefficients are rounded to float one at a time, highest degree first, and the
lower ones refitted (mpmath chebyfit) each time, so the float rounding costs little accuracy.
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40


def f32(v):
    return mp.mpf(float(np.float32(float(v))))


def fit_rounded(fn, lo, hi, degree):
    """Coefficients c0..cN (float32) of sum c_k·x^k ≈ fn(x) on [lo, hi]."""
    fixed = []
    for k in range(degree, -1, -1):
        def resid(x, fixed=tuple(fixed)):
            return fn(x) - sum(c * x**j for j, c in fixed)
        poly = mp.chebyfit(resid, [lo, hi], k + 1)
        fixed.append((k, f32(poly[0])))
    return [c for _, c in sorted(fixed)]


def max_rel(fn, coefs, lo, hi, n=3000):
    worst = 0
    for i in range(n + 1):
        x = lo + (hi - lo) * mp.mpf(i) / n
        acc = 0
        for c in reversed(coefs):
            acc = acc * x + c
        worst = max(worst, abs(acc / fn(x) - 1))
    return float(worst)


def cpp(name, coefs):
    body = ", ".join("%.9ef" % float(c) for c in coefs)
    return "constexpr float %s[%d] = {%s};" % (name, len(coefs), body)


def exp_reduced():
    # e^r = 1 + r + r²·q(r) on |r| ≤ ln2/2; fit q, report the error of e^r.
    half = mp.log(2) / 2
    q = lambda r: (mp.exp(r) - 1 - r) / r**2 if r != 0 else mp.mpf(0.5)
    cq = fit_rounded(q, -half, half, 5)
    worst = 0
    for i in range(2001):
        r = -half + 2 * half * i / 2000
        acc = 0
        for c in reversed(cq):
            acc = acc * r + c
        worst = max(worst, abs((1 + r + r * r * acc) / mp.exp(r) - 1))
    print("// ExpReduced (vmath.hpp): e^r to %.2e relative" % worst)
    print(cpp("q", cq))


def gelu():
    # Φ(−a) = e^(−z²)·H(t)/2, z = a/√2, H = erfcx(z), t = 1/(1 + z·kInvC); H(t) = t·g(w) with
    # w = kA·t + kB mapping t ∈ [t(a = 13.5), 1] onto [−1, 1]. kInvC, kA, kB are the float
    # values the kernel uses, so the fit is of exactly the map the kernel computes.
    inv_c = f32(mp.mpf(1) / 3)
    zmax = mp.mpf(13.5) / mp.sqrt(2)
    tmin = 1 / (1 + zmax * inv_c)
    ka, kb = f32(2 / (1 - tmin)), f32(-(1 + tmin) / (1 - tmin))
    z_of = lambda t: (1 / t - 1) / inv_c
    g = lambda w: (lambda t: mp.erfc(z_of(t)) * mp.exp(z_of(t)**2) / t)((w - kb) / ka)
    cg = fit_rounded(g, -1, 1, 9)
    print("// GeluSplit: g(w) to %.2e relative" % max_rel(g, cg, -1, 1))
    print("constexpr float kInvC = %.9ef, kA = %.9ef, kB = %.9ef;" % (inv_c, ka, kb))
    print(cpp("kG", cg))
    # κ(t) = d ln H / d ln t: how a relative error ε of t shows in H (corrected as H·(1 + κε)).
    H = lambda t: mp.erfc(z_of(t)) * mp.exp(z_of(t)**2)
    ts = [tmin + (1 - tmin) * i / 50 for i in range(51)]
    ks = [float(mp.diff(lambda u: mp.log(H(mp.exp(u))), mp.log(t))) for t in ts]
    p = np.polyfit([float(t) for t in ts], ks, 1)
    dev = max(abs(np.polyval(p, [float(t) for t in ts]) - ks))
    print("// κ(t) ≈ %.8ff·t + %.8ff (off by %.2f at most)" % (p[0], p[1], dev))


def log1p_ratio():
    # P(e) = log1p(e)/e on e ∈ [0, 1] (e = e^(−|t|) in softplus and log σ), degree 10.
    P = lambda e: mp.log1p(e) / e if e != 0 else mp.mpf(1)
    cp = fit_rounded(P, 0, 1, 10)
    print("// Log1pRatio (vmath.hpp): %.2e relative" % max_rel(P, cp, 0, 1))
    print(cpp("p", cp))


def log_reduced():
    # ln(1 + f) = f − f²/2 + f³·Q(f) on f ∈ [√½ − 1, √2 − 1] (the reduced argument of ln x),
    # degree 8; the error reported is of ln(1 + f) itself.
    lo, hi = mp.sqrt(0.5) - 1, mp.sqrt(2) - 1
    Q = lambda f: (mp.log1p(f) - f + f * f / 2) / f**3 if f != 0 else mp.mpf(1) / 3
    cq = fit_rounded(Q, lo, hi, 8)
    worst = 0
    for i in range(3001):
        f = lo + (hi - lo) * mp.mpf(i) / 3000
        if f == 0:
            continue
        acc = 0
        for c in reversed(cq):
            acc = acc * f + c
        worst = max(worst, abs((f - f * f / 2 + f**3 * acc) / mp.log1p(f) - 1))
    print("// Log1pReduced (vmath.hpp): %.2e relative" % worst)
    print(cpp("q", cq))


def sincos_turns():
    # sin(2πt) = t·S(t²) and cos(2πt) = C(t²) for t ∈ [−⅛, ⅛] turns (the normal sampler's angle
    # after its quarter-turn reduction), degree 4 in s = t².
    hi = mp.mpf(1) / 64
    S = lambda s: mp.sin(2 * mp.pi * mp.sqrt(s)) / mp.sqrt(s) if s != 0 else 2 * mp.pi
    C = lambda s: mp.cos(2 * mp.pi * mp.sqrt(s))
    cs, cc = fit_rounded(S, 0, hi, 4), fit_rounded(C, 0, hi, 4)
    print("// SinCosTurns (samples_impl.hpp): sin %.2e, cos %.2e relative"
          % (max_rel(S, cs, hi / 3000, hi), max_rel(C, cc, 0, hi)))
    print(cpp("ks", cs))
    print(cpp("kc", cc))


if __name__ == "__main__":
    exp_reduced()
    gelu()
    log1p_ratio()
    log_reduced()
    sincos_turns()
