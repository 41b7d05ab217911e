#!/usr/bin/python3
"""Generate the high-precision reference tables for actviz's activation functions.

Usage (from the repository root):

    /usr/bin/python3 tools/make_reference.py [-j JOBS] [NAME ...]

Writes core/tests/reference/<name>.tsv for every scalar function of the contract
(docs: /work/shared/spec/activations.md, "Scalar functions"), or only the NAMEs given.
Needs only Debian's python3 and python3-mpmath; the output is deterministic (fixed
seeds, no timestamps) and does not depend on the number of worker processes.

Each function is written straight from its textbook definition in the spec table
(sigmoid' = s(x)s(-x), tanh' = sech^2, gelu = x*Phi(x), ...) and evaluated with mpmath.
No numerically-stable rewriting is attempted: this is an independent oracle for the C++
kernels, so it must not share their tricks.  (log1p/expm1 are used where the definition
is literally log(1+y)/e^y-1; mpmath evaluates them to full precision, which only saves the
precision loop below some work.)

Why adaptive precision: several definitions are differences of nearly equal terms, e.g.
tanhshrink(1e-300) = x - tanh x ~ x^3/3 cancels ~2000 bits, squareplus(-1e300) cancels
~2000 bits, logit near 1/2, gelu' near its root x ~ -0.75, soft_exponential near its zero.
Every value is therefore evaluated at precision p and 2p bits (p = 160, 320, ...) and
accepted once both agree to a relative 2^-80; the 2p value then carries far more than
the 30 printed digits.  Two results that are both exactly zero are NOT taken as agreement
(complete cancellation gives 0 at every too-low precision): doubling continues up to the
cap, and a zero that survives the cap is a true zero or a value far below 1e-4900
(32768 cancelled bits, of terms no larger than ~1e2000).  Results beyond +-1e4900 on
both sides of a comparison are accepted as they are (they print as +-inf / +-0.0).

Infinite inputs give the limit: f and f' are evaluated at x = +-2^1100 (~ +-1.4e331, beyond
both types' ranges) and at +-2^2200 (both powers of two, exact at every working precision,
so the p/2p comparison is not spoilt by rounding the input); if the two agree that is the
limit, else the limit is +-inf (growing, e.g. soft_exponential with alpha < 0 grows like
ln x) or 0 (shrinking, e.g. squareplus(-inf) ~ b/(4|x|)).  Much larger points (10^1000)
would work too, but mpmath's exp of arguments ~2^10000 (gelu_tanh's u ~ x^3) takes seconds.

Output format (one row per point; the C++ test parses it):
    type  params  x  f  df  f_scale  df_scale        (TAB-separated)
f_scale/df_scale are the size of the largest cancelling term for the few sums with an
interior root (gelu', gelu_tanh', swish', mish', soft_exponential f with alpha > 0), else 0.
"""

import math
import multiprocessing
import os
import random
import struct
import sys
import time
import zlib
from fractions import Fraction

import mpmath
from mpmath import mp, mpf

# ----------------------------------------------------------------------------------------
# Precision control
# ----------------------------------------------------------------------------------------
P0 = 160            # first working precision (bits)
CAP = 1 << 15       # largest working precision (bits)
AGREE_BITS = 80     # p and 2p results must agree to a relative 2^-AGREE_BITS
DIGITS = 30         # significant digits printed for f and df
SCALE_DIGITS = 6    # significant digits printed for the scale columns
BIG_EXP = 1100      # +-inf: limit from x = +-2^1100 (~1.4e331) and +-2^2200
RANGE_BITS = 16277  # 2^16277 ~ 1e4900: beyond it a value prints as +-inf / +-0.0
BIG = Fraction(2 ** BIG_EXP)

NAN = float("nan")
INF = float("inf")

OUT_DIR = os.path.join("core", "tests", "reference")


def is_exact(v):
    """Exact results (branch constants, Fractions) need no precision loop."""
    return isinstance(v, (int, float, Fraction))


def to_mpf(v):
    """Convert an exact value (int, float, Fraction) or an mpf to an mpf at mp.prec."""
    if isinstance(v, Fraction):
        return mpf(v.numerator) / v.denominator
    return mpf(v)


# ----------------------------------------------------------------------------------------
# Textbook building blocks, at the current mp.prec
# ----------------------------------------------------------------------------------------
def sig(t):
    """Logistic sigmoid 1/(1+e^-t)."""
    return 1 / (1 + mp.exp(-t))


def erfc(z):
    """Complementary error function.

    mpmath's erfc overflows a float internally for z > ~1e154, so for z > 1e100 use the
    asymptotic series e^(-z^2)/(z sqrt(pi)) * sum_k (-1)^k (2k-1)!!/(2z^2)^k, whose terms
    shrink by a factor < 1e-200 each: it converges to the working precision in a few
    dozen terms."""
    if z < 1e100:
        return mp.erfc(z)
    t = 1 / (2 * z * z)
    s = term = mpf(1)
    eps = mpmath.ldexp(1, -mp.prec - 8)
    k = 1
    while abs(term) > eps:
        term *= -(2 * k - 1) * t
        s += term
        k += 1
    return mp.exp(-z * z) / (z * mp.sqrt(mp.pi)) * s


def Phi(t):
    """Standard normal CDF."""
    return erfc(-t / mp.sqrt(2)) / 2


def phi(t):
    """Standard normal density."""
    return mp.exp(-t * t / 2) / mp.sqrt(2 * mp.pi)


def sp(t):
    """Softplus with beta = 1: ln(1+e^t)."""
    return mp.log1p(mp.exp(t))


# ----------------------------------------------------------------------------------------
# The functions.  Each evaluator takes (x, X, P): x the input as an mpf (exact), X the
# same input as an exact Fraction (for branch conditions), P the parameter tuple (floats,
# exact).  It returns (f, df, f_scale, df_scale); f/df are mpf or exact values, the
# scales an mpf or None.  Branches are chosen exactly as the spec writes them, and f'
# always uses the branch of f.
# ----------------------------------------------------------------------------------------
def ev_step(x, X, P):
    (theta,) = P
    return (1 if X > theta else 0), 0, None, None


def ev_linear(x, X, P):
    (lam,) = P
    return Fraction(lam) * X, lam, None, None


def ev_sigmoid(x, X, P):
    return sig(x), sig(x) * sig(-x), None, None


def ev_tanh(x, X, P):
    return mp.tanh(x), mp.sech(x) ** 2, None, None


def ev_logit(x, X, P):
    if X < 0 or X > 1:
        return NAN, NAN, None, None
    if X == 0:
        return -INF, INF, None, None
    if X == 1:
        return INF, INF, None, None
    return mp.log(x / (1 - x)), 1 / (x * (1 - x)), None, None


def ev_softsign(x, X, P):
    return x / (1 + abs(x)), 1 / (1 + abs(x)) ** 2, None, None


def ev_relu(x, X, P):
    return (X, 1, None, None) if X > 0 else (0, 0, None, None)


def ev_leaky_relu(x, X, P):
    (alpha,) = P
    return (X, 1, None, None) if X > 0 else (Fraction(alpha) * X, alpha, None, None)


def ev_relu6(x, X, P):
    if X <= 0:
        return 0, 0, None, None
    if X >= 6:
        return 6, 0, None, None
    return X, 1, None, None


def ev_thresholded_relu(x, X, P):
    (theta,) = P
    return (X, 1, None, None) if X > theta else (0, 0, None, None)


def ev_elu(x, X, P):
    (alpha,) = P
    if X > 0:
        return X, 1, None, None
    a = mpf(alpha)
    return a * mp.expm1(x), a * mp.exp(x), None, None


def ev_celu(x, X, P):
    (alpha,) = P
    if X > 0:
        return X, 1, None, None
    a = mpf(alpha)
    return a * mp.expm1(x / a), mp.exp(x / a), None, None


def ev_selu(x, X, P):
    lam, alpha = P
    if X > 0:
        return Fraction(lam) * X, lam, None, None
    la = mpf(lam) * mpf(alpha)
    return la * mp.expm1(x), la * mp.exp(x), None, None


def ev_softplus(x, X, P):
    (beta,) = P
    b = mpf(beta)
    return mp.log1p(mp.exp(b * x)) / b, sig(b * x), None, None


def ev_swish(x, X, P):
    (beta,) = P
    bx = mpf(beta) * x
    s, sm = sig(bx), sig(-bx)
    t1, t2 = s, bx * s * sm
    return x * s, t1 + t2, None, max(abs(t1), abs(t2))


def ev_gelu(x, X, P):
    c, d = Phi(x), x * phi(x)
    return x * c, c + d, None, max(abs(c), abs(d))


GELU_TANH_C = "0.044715"   # the decimal constant of the definition, read at mp.prec


def ev_gelu_tanh(x, X, P):
    c = mpf(GELU_TANH_C)
    k = mp.sqrt(2 / mp.pi)
    u = k * (x + c * x ** 3)
    t1 = (1 + mp.tanh(u)) / 2
    t2 = x * mp.sech(u) ** 2 * k * (1 + 3 * c * x * x) / 2
    return x * t1, t1 + t2, None, max(abs(t1), abs(t2))


def ev_mish(x, X, P):
    s = sp(x)
    t1 = mp.tanh(s)
    t2 = x * mp.sech(s) ** 2 * sig(x)
    return x * t1, t1 + t2, None, max(abs(t1), abs(t2))


def ev_log_sigmoid(x, X, P):
    return -sp(-x), sig(-x), None, None


def ev_squareplus(x, X, P):
    (b,) = P
    r = mp.sqrt(x * x + mpf(b))
    f = (x + r) / 2
    if X == 0 and b == 0:          # x^2 + b = 0: the spec's 1/2
        return f, Fraction(1, 2), None, None
    return f, (1 + x / r) / 2, None, None


def ev_soft_exponential(x, X, P):
    (alpha,) = P
    A = Fraction(alpha)
    if alpha < 0:
        d = 1 - A * (X + A)        # exact: the domain test must not be rounded
        if d <= 0:
            return NAN, NAN, None, None
        # -ln(d)/alpha. Near d = 1, log1p of the exact d - 1; near the pole (d -> 0) log of
        # d itself, because d - 1 rounded to the working precision would lose all of d.
        ln_d = mp.log(to_mpf(d)) if d < Fraction(1, 2) else mp.log1p(to_mpf(d - 1))
        return -ln_d / mpf(alpha), 1 / to_mpf(d), None, None
    if alpha == 0:
        return X, 1, None, None
    a = mpf(alpha)
    t = mp.expm1(a * x) / a
    e = mp.exp(a * x)
    # f = t + a = e/a + (a - 1/a): the scale is the smaller of the two pairs of terms. Only
    # the root cancels both; in the left tail f -> a - 1/a (e^x itself for a = 1), a normal
    # number however small, and the first pair (~1/a there) must not excuse an absolute error.
    return t + a, e, min(max(abs(t), a), max(e / a, abs(a - 1 / a))), None


def ev_hard_sigmoid(x, X, P):
    if X <= -3:
        return 0, 0, None, None
    if X >= 3:
        return 1, 0, None, None
    return X / 6 + Fraction(1, 2), Fraction(1, 6), None, None


def ev_hard_tanh(x, X, P):
    if X <= -1:
        return -1, 0, None, None
    if X >= 1:
        return 1, 0, None, None
    return X, 1, None, None


def ev_hard_swish(x, X, P):
    if X <= -3:
        return 0, 0, None, None
    if X >= 3:
        return X, 1, None, None
    return X * (X + 3) / 6, (2 * X + 3) / 6, None, None


def ev_hardshrink(x, X, P):
    (theta,) = P
    return (X, 1, None, None) if abs(X) > theta else (0, 0, None, None)


def ev_softshrink(x, X, P):
    (theta,) = P
    if X > theta:
        return X - Fraction(theta), 1, None, None
    if X < -theta:
        return X + Fraction(theta), 1, None, None
    return 0, 0, None, None


def ev_tanhshrink(x, X, P):
    return x - mp.tanh(x), mp.tanh(x) ** 2, None, None


def ev_maxout(x, X, P):
    """max over the first k pieces w_j x + b_j; a tie goes to the later piece (k = 2: the
    spec's "a if a > b, else b")."""
    k = int(P[10])
    pieces = [(Fraction(P[2 * j]), Fraction(P[2 * j + 1])) for j in range(k)]
    best = pieces[0]
    for w, b in pieces[1:]:
        if not best[0] * X + best[1] > w * X + b:
            best = (w, b)
    return (best[0] * X + best[1], best[0], None, None)


# ----------------------------------------------------------------------------------------
# Interior roots (for choosing x values), computed once per parameter set at 120 bits
# ----------------------------------------------------------------------------------------
def _root(fn, x0):
    with mp.workprec(120):
        return mp.findroot(fn, mpf(x0))


def roots_gelu(P):
    return [_root(lambda x: ev_gelu(x, None, P)[1], -0.75)]


def roots_gelu_tanh(P):
    return [_root(lambda x: ev_gelu_tanh(x, None, P)[1], -0.75)]


def roots_mish(P):
    return [_root(lambda x: ev_mish(x, None, P)[1], -1.19)]


def roots_swish(P):
    (beta,) = P
    if beta == 0:
        return []
    t = _root(lambda t: 1 + t * sig(-t), -1.28)     # sigma(t)(1 + t sigma(-t)) = 0
    with mp.workprec(120):
        return [t / mpf(beta)]


def roots_soft_exponential(P):
    (alpha,) = P
    if 0 < alpha < 1:                                # (e^(ax)-1)/a + a = 0
        with mp.workprec(120):
            a = mpf(alpha)
            return [mp.log1p(-a * a) / a]
    return []


def breaks_soft_exponential(P):
    (alpha,) = P
    A = Fraction(alpha)
    if alpha < 0:
        return [1 / A - A, -A]      # singular point (NaN below), zero of f
    return [Fraction(0)]


def breaks_maxout(P):
    k = int(P[10])
    pieces = [(Fraction(P[2 * j]), Fraction(P[2 * j + 1])) for j in range(k)]
    out = [Fraction(0)]
    for i in range(k):
        for j in range(i + 1, k):
            (wi, bi), (wj, bj) = pieces[i], pieces[j]
            if wi != wj:
                out.append((bj - bi) / (wi - wj))
    return sorted(set(out))


class Spec:
    def __init__(self, name, ev, params=(), sets=(), breaks=None, roots=None):
        self.name = name
        self.ev = ev
        self.pnames = [p for p, _ in params]
        # the spec's defaults as the spec writes them (the C++ test reads them back exactly)
        self.defaults_text = ",".join("%s=%s" % (p, d) for p, d in params) or "-"
        default = tuple(float(d) for _, d in params)
        self.sets = [default] + [tuple(float(v) for v in s) for s in sets]
        self.breaks = breaks or (lambda P: [Fraction(0)])
        self.roots = roots or (lambda P: [])


def _theta(P):
    return [Fraction(0), Fraction(P[0]), -Fraction(P[0])]


SELU_LAMBDA = "1.0507009873554804934"
SELU_ALPHA = "1.6732632423543772848"

# In the spec's order; parameters (ASCII name, default) in the spec's order, then the
# extra parameter sets that exercise them.
SPECS = [
    Spec("step", ev_step, [("theta", 0)], [(1.5,), (-2,)], breaks=_theta),
    Spec("linear", ev_linear, [("lambda", 1)], [(-2.5,), (0,)]),
    Spec("sigmoid", ev_sigmoid),
    Spec("tanh", ev_tanh),
    Spec("logit", ev_logit,
         breaks=lambda P: [Fraction(0), Fraction(1, 2), Fraction(1)]),
    Spec("softsign", ev_softsign),
    Spec("relu", ev_relu),
    Spec("leaky_relu", ev_leaky_relu, [("alpha", 0.01)], [(0.3,), (0,)]),
    Spec("prelu", ev_leaky_relu, [("alpha", 0.25)], [(0.7,)]),
    Spec("relu6", ev_relu6, breaks=lambda P: [Fraction(0), Fraction(6)]),
    Spec("thresholded_relu", ev_thresholded_relu, [("theta", 1)], [(-1.5,)],
         breaks=_theta),
    Spec("elu", ev_elu, [("alpha", 1)], [(0.5,), (2.5,)]),
    Spec("celu", ev_celu, [("alpha", 1)], [(0.05,), (3,)]),
    Spec("selu", ev_selu, [("lambda", SELU_LAMBDA), ("alpha", SELU_ALPHA)], [(2, 0.5)]),
    Spec("softplus", ev_softplus, [("beta", 1)], [(0.05,), (50,), (7.3,)]),
    Spec("swish", ev_swish, [("beta", 1)], [(0,), (0.1,), (10,)], roots=roots_swish),
    Spec("gelu", ev_gelu, roots=roots_gelu),
    Spec("gelu_tanh", ev_gelu_tanh, roots=roots_gelu_tanh),
    Spec("mish", ev_mish, roots=roots_mish),
    Spec("log_sigmoid", ev_log_sigmoid),
    Spec("squareplus", ev_squareplus, [("b", 4)], [(0,), (0.5,)]),
    Spec("soft_exponential", ev_soft_exponential, [("alpha", 0)],
         [(-0.5,), (0.7,), (-1,), (1,), (0.05,)],
         breaks=breaks_soft_exponential, roots=roots_soft_exponential),
    Spec("hard_sigmoid", ev_hard_sigmoid,
         breaks=lambda P: [Fraction(-3), Fraction(0), Fraction(3)]),
    Spec("hard_tanh", ev_hard_tanh,
         breaks=lambda P: [Fraction(-1), Fraction(0), Fraction(1)]),
    Spec("hard_swish", ev_hard_swish,
         breaks=lambda P: [Fraction(-3), Fraction(-3, 2), Fraction(0), Fraction(3)]),
    Spec("hardshrink", ev_hardshrink, [("theta", 0.5)], [(0,), (2,)], breaks=_theta),
    Spec("softshrink", ev_softshrink, [("theta", 0.5)], [(0,), (2,)], breaks=_theta),
    Spec("tanhshrink", ev_tanhshrink),
    # The spec's two pieces, then actviz's three more and their number k (issue 18); the
    # defaults of pieces 3-5 give |x| at k = 3.
    Spec("maxout", ev_maxout,
         [("w1", 1), ("b1", 0), ("w2", 0), ("b2", 0), ("w3", -1), ("b3", 0), ("w4", 0.5),
          ("b4", 1), ("w5", -0.5), ("b5", 1), ("k", 2)],
         [(1, 0, 0.2, 0, -1, 0, 0.5, 1, -0.5, 1, 2),
          (1, 0, -1, 0, -1, 0, 0.5, 1, -0.5, 1, 2),
          (-0.5, 1.5, 2, -3, -1, 0, 0.5, 1, -0.5, 1, 2),
          (1, 0, 0, 0, -1, 0, 0.5, 1, -0.5, 1, 3),
          (1, 0, 0, 0.25, -1, 0, 0.5, 1, -0.5, 1.5, 4),
          (1.5, -1, 0, 0, -2.5, -3, 0.3, 0.7, -0.1, 1.2, 5),
          (1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 5)],  # five equal pieces: every tie
         breaks=breaks_maxout),
]
SPEC_BY_NAME = {s.name: s for s in SPECS}


# ----------------------------------------------------------------------------------------
# Floating-point types of the rows
# ----------------------------------------------------------------------------------------
def f32(v):
    """Round a double to the nearest float32 (returned as the double equal to it)."""
    return struct.unpack("f", struct.pack("f", v))[0]


class F64:
    name = "f64"
    min_sub = 5e-324
    min_norm = 2.2250738585072014e-308
    max = 1.7976931348623157e308
    emin, emax = -1074, 1024           # log-spaced magnitudes 2^emin .. 2^emax
    rel_offsets = (1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 1e-2)

    @staticmethod
    def rnd(v):
        """Nearest value of the type to a real (float, Fraction, mpf); None if beyond."""
        try:
            r = float(v)
        except OverflowError:
            return None
        return r if not math.isinf(r) else None

    @staticmethod
    def up(v):
        r = math.nextafter(v, INF)
        return None if math.isinf(r) else r

    @staticmethod
    def down(v):
        r = math.nextafter(v, -INF)
        return None if math.isinf(r) else r

    @staticmethod
    def random_bits(rng):
        while True:
            v = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if math.isfinite(v):
                return v


class F32:
    name = "f32"
    min_sub = 2.0 ** -149
    min_norm = 2.0 ** -126
    max = 3.4028234663852886e38
    emin, emax = -149, 128
    rel_offsets = (1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2)

    @staticmethod
    def rnd(v):
        d = F64.rnd(v)
        if d is None:
            return None
        try:                               # struct raises beyond the float32 range
            return f32(d)
        except OverflowError:
            return None

    @staticmethod
    def _key(v):
        b = struct.unpack("<I", struct.pack("<f", v))[0]
        return b if b < 0x80000000 else -(b & 0x7FFFFFFF)

    @staticmethod
    def _from_key(k):
        b = k if k >= 0 else (0x80000000 | -k)
        r = struct.unpack("<f", struct.pack("<I", b))[0]
        return None if math.isinf(r) or math.isnan(r) else r

    @classmethod
    def up(cls, v):
        return cls._from_key(cls._key(v) + 1)

    @classmethod
    def down(cls, v):
        return cls._from_key(cls._key(v) - 1)

    @staticmethod
    def random_bits(rng):
        while True:
            v = struct.unpack("<f", struct.pack("<I", rng.getrandbits(32)))[0]
            if math.isfinite(v):
                return v


TYPES = {"f64": F64, "f32": F32}

# Tail points where results are tiny/huge but representable, or where naive formulas
# overflow or underflow: sigmoid'(-80), tanh'(20), elu(-1e-10), softplus(500),
# tanhshrink(1e-5), squareplus(-1e6), gelu(-30), gelu(-37.6), gelu(-38.5), the exp
# overflow/underflow limits of f64 (709.78, -745.13) and f32 (88.72, -103.97), ...
TAILS = [1e-300, 1e-100, 1e-30, 1e-10, 1e-5, 1e-3, 0.1, 2, 5, 9, 15, 17, 20, 27, 30,
         37.6, 38.5, 80, 88.72, 89, 103.9, 104, 500, 709.78, 710, 745.1, 746, 1e3,
         1e6, 1e10, 1e20, 1e38, 1e100, 1e300]


# ----------------------------------------------------------------------------------------
# Choice of x values
# ----------------------------------------------------------------------------------------
def make_points(spec, P, T, default, seed):
    """The x values (floats representable in T) for one function/parameter set/type."""
    rng = random.Random(seed)
    pts = []

    def add(v):
        if v is not None:
            pts.append(v)

    def add_near(v, ulps=2):
        r = T.rnd(v)
        if r is None:
            return
        add(r)
        lo = hi = r
        for _ in range(ulps):
            if lo is not None:
                lo = T.down(lo)
                add(lo)
            if hi is not None:
                hi = T.up(hi)
                add(hi)

    # specials
    for v in (0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, 0.5, -0.5):
        add(v)
    for v in (T.min_sub, T.min_norm, T.max):
        add(v)
        add(-v)
    # breakpoints and their neighbours
    for b in spec.breaks(P):
        add_near(b)
    # neighbourhood of interior roots
    for r in spec.roots(P):
        add_near(r, ulps=3)
        r0 = T.rnd(r)
        if r0 is not None:
            for k in (10, 100, 1000):
                add_near(r0 + k * (T.up(r0) - r0), ulps=0)
                add_near(r0 - k * (r0 - T.down(r0)), ulps=0)
        with mp.workprec(120):
            for d in T.rel_offsets:
                add(T.rnd(r * (1 + mpf(d))))
                add(T.rnd(r * (1 - mpf(d))))

    scale = 1.0 if default else 0.5
    if spec.name == "logit":
        # The domain is [0, 1]: spend the points there, within 2^-k of 0, 1/2 and 1.
        n = int(110 * scale)
        for i in range(n):
            t = T.emin + (-1 - T.emin) * i / (n - 1)       # 2^emin .. 2^-1
            add(T.rnd(math.ldexp(2.0 ** (t % 1), int(t // 1))))
        mant = 53 if T is F64 else 24
        for k in range(1, mant + 1, 1 if default else 2):
            add(T.rnd(1 - 2.0 ** -k))
            add(T.rnd(0.5 + 2.0 ** -(k + 1)))
            add(T.rnd(0.5 - 2.0 ** -(k + 1)))
        for _ in range(int(60 * scale)):
            add(T.rnd(rng.random()))
        for i in range(1, 32):
            add(T.rnd(i / 32))
        for v in (-1.0, 2.0, -1e-300, 1 + 2.0 ** -20, -40.0, 40.0):
            add(T.rnd(v))
        for _ in range(int(20 * scale)):
            add(T.random_bits(rng))
    else:
        # log-spaced magnitudes, both signs, over the whole range of the type
        n = int(34 * scale)
        for i in range(n):
            t = T.emin + (T.emax - T.emin) * (i + 0.5) / n
            v = math.ldexp(2.0 ** (t % 1), int(t // 1))
            add(T.rnd(v))
            add(T.rnd(-v))
        # ... and denser where most functions change: 2^-30 .. 2^10
        n = int(22 * scale)
        for i in range(n):
            v = 2.0 ** (-30 + 40 * (i + 0.5) / n)
            add(T.rnd(v))
            add(T.rnd(-v))
        for v in TAILS[:: 1 if default else 2]:
            add(T.rnd(v))
            add(T.rnd(-v))
        # grid and random points in [-40, 40]
        step = 1 if default else 4
        for i in range(-40, 41, step):
            add(T.rnd(i))
        step = 0.25 if default else 0.5
        for i in range(int(-3 / step), int(3 / step) + 1):
            add(T.rnd(i * step))
        for _ in range(int(34 * scale)):
            add(T.rnd(rng.uniform(-40, 40)))
        # random bit patterns (finite)
        for _ in range(int(26 * scale)):
            add(T.random_bits(rng))

    # deduplicate (by bit pattern, so -0.0 and 0.0 stay distinct) and sort
    seen = {}
    for v in pts:
        seen[struct.pack("<d", v)] = v
    vals = list(seen.values())
    vals.sort(key=lambda v: (math.isnan(v), 0 if math.isnan(v) else v,
                             math.copysign(1, v)))
    return vals


# ----------------------------------------------------------------------------------------
# Adaptive evaluation of one row
# ----------------------------------------------------------------------------------------
def _compare(a, b):
    """'ok' if a (at p) and b (at 2p) agree, 'zero' if both are 0, else 'no'."""
    if is_exact(a) and is_exact(b):
        return "ok"
    with mp.workprec(256):
        a, b = to_mpf(a), to_mpf(b)
        if mp.isnan(a) or mp.isnan(b):
            return "ok" if (mp.isnan(a) and mp.isnan(b)) else "no"
        if mp.isinf(a) or mp.isinf(b):
            return "ok" if a == b else "no"
        if a == 0 and b == 0:
            return "zero"
        if a == 0 or b == 0 or (a < 0) != (b < 0):
            return "no"
        ma, mb = mpmath.mag(a), mpmath.mag(b)
        if (ma > RANGE_BITS and mb > RANGE_BITS) or (ma < -RANGE_BITS and mb < -RANGE_BITS):
            return "ok"                      # both print as the same +-inf / +-0.0
        return "ok" if abs(a - b) <= mpmath.ldexp(abs(b), -AGREE_BITS) else "no"


def _limit(v1, v2):
    """The limit at infinity from the values at 2^1100 (v1) and 2^2200 (v2): v1 when
    both agree to the printed digits, else +-inf if growing (e.g. soft_exponential
    alpha < 0 grows like ln x), else 0 (e.g. squareplus(-inf) ~ b/(4|x|))."""
    if is_exact(v1) and is_exact(v2) and v1 == v2:
        return v1
    with mp.workprec(256):
        a, b = to_mpf(v1), to_mpf(v2)
        if mp.isnan(a) or mp.isnan(b) or mp.isinf(a) or mp.isinf(b) or a == b:
            return v2
        if abs(a - b) <= mpmath.ldexp(abs(b), -110):
            return v1
        if abs(b) > abs(a):
            return INF if b > 0 else -INF
        return 0.0 if b > 0 else -0.0


def evaluate(ev, xv, P):
    """Return ((f, df, f_scale, df_scale), status, final precision) for input xv."""
    if math.isnan(xv):
        return (NAN, NAN, None, None), "ok", 0
    if math.isinf(xv):
        sign = 1 if xv > 0 else -1
        r1, st1, p1 = evaluate_exact(ev, sign * BIG, P)
        r2, st2, p2 = evaluate_exact(ev, sign * BIG * BIG, P)
        st = "cap" if "cap" in (st1, st2) else ("zero" if "zero" in (st1, st2) else "ok")
        return (_limit(r1[0], r2[0]), _limit(r1[1], r2[1]), None, None), st, max(p1, p2)
    return evaluate_exact(ev, Fraction(xv), P)


def evaluate_exact(ev, X, P):
    """Adaptive evaluation at the exact dyadic input X (a Fraction)."""

    def at(prec):
        with mp.workprec(prec):
            x = mpf(X.numerator) / X.denominator      # dyadic: exact
            return ev(x, X, P)

    p = P0
    prev = at(p)
    if is_exact(prev[0]) and is_exact(prev[1]):
        return prev, "ok", p
    while True:
        p = min(2 * p, CAP)
        cur = at(p)
        verdict = [_compare(prev[i], cur[i]) for i in (0, 1)]
        if all(v == "ok" for v in verdict):
            return cur, "ok", p
        if p >= CAP:
            # Zeros that survive the cap are true zeros or far below 1e-4900.
            return cur, ("zero" if "no" not in verdict else "cap"), p
        prev = cur


# ----------------------------------------------------------------------------------------
# Formatting
# ----------------------------------------------------------------------------------------
def fmt_value(v, digits=DIGITS):
    """Decimal for strtold: 30 significant digits, or inf/-inf/nan/0.0/-0.0."""
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    with mp.workprec(256):
        m = to_mpf(v)
    if mp.isnan(m):
        return "nan"
    if mp.isinf(m):
        return "inf" if m > 0 else "-inf"
    if m == 0:
        return "0.0"
    e = mpmath.mag(m)
    if e > RANGE_BITS:
        return "inf" if m > 0 else "-inf"
    if e < -RANGE_BITS:
        return "0.0" if m > 0 else "-0.0"
    return mpmath.nstr(m, digits, min_fixed=-4, max_fixed=15)


def fmt_scale(s, x):
    if s is None or not math.isfinite(x):
        return "0"
    with mp.workprec(64):
        s = +s                              # drop the working precision's digits
    e = mpmath.mag(s)
    if s == 0 or abs(e) > RANGE_BITS:
        return "0"
    return mpmath.nstr(s, SCALE_DIGITS, min_fixed=-4, max_fixed=7)


def fmt_params(names, P):
    if not names:
        return "-"
    return ",".join("%s=%r" % (n, v) for n, v in zip(names, P))


# ----------------------------------------------------------------------------------------
# Work units: one (function, parameter set, type) each
# ----------------------------------------------------------------------------------------
def run_task(task):
    name, set_index, tname = task
    spec = SPEC_BY_NAME[name]
    T = TYPES[tname]
    P = spec.sets[set_index]
    if T is F32:
        P = tuple(f32(v) for v in P)
    seed = zlib.crc32(("%s|%d|%s" % (name, set_index, tname)).encode())
    xs = make_points(spec, P, T, set_index == 0, seed)
    ptxt = fmt_params(spec.pnames, P)
    rows, status = [], {"cap": [], "zero": []}
    maxprec = 0
    t0 = time.time()
    for xv in xs:
        (f, df, fs, dfs), st, prec = evaluate(spec.ev, xv, P)
        maxprec = max(maxprec, prec)
        if st != "ok":
            status[st].append(xv)
        rows.append("\t".join((tname, ptxt, repr(xv), fmt_value(f), fmt_value(df),
                               fmt_scale(fs, xv), fmt_scale(dfs, xv))))
    return task, rows, status, maxprec, time.time() - t0


def main(argv):
    jobs = 2
    names = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "-j":
            jobs = int(args.pop(0))
        elif a in SPEC_BY_NAME:
            names.append(a)
        else:
            sys.exit("usage: make_reference.py [-j JOBS] [NAME ...]; unknown: %s" % a)
    specs = [SPEC_BY_NAME[n] for n in names] if names else SPECS

    tasks = [(s.name, i, t) for s in specs for i in range(len(s.sets)) for t in ("f64", "f32")]
    # longest-first helps the pool finish together; results are re-ordered anyway
    heavy = {"gelu_tanh", "tanhshrink", "gelu", "mish", "squareplus", "soft_exponential"}
    order = sorted(tasks, key=lambda t: t[0] not in heavy)
    t0 = time.time()
    with multiprocessing.Pool(jobs) as pool:
        results = {r[0]: r for r in pool.imap_unordered(run_task, order)}

    os.makedirs(OUT_DIR, exist_ok=True)
    total_rows = 0
    for s in specs:
        lines = [
            "# actviz reference table for `%s`: f and f' at high precision." % s.name,
            "# Generated by: /usr/bin/python3 tools/make_reference.py  (mpmath %s);"
            " do not edit." % mpmath.__version__,
            "# Definitions: /work/shared/spec/activations.md. Each value evaluated at p and"
            " 2p bits (p = %d, %d, ... <= %d) until they agree to 2^-%d."
            % (P0, 2 * P0, CAP, AGREE_BITS),
            "# x = +-inf gives the limit (from +-2^%d and +-2^%d). f32 rows use float32-rounded"
            " parameters." % (BIG_EXP, 2 * BIG_EXP),
            "# Scale columns: size of the largest cancelling term (0 = measure relative to"
            " the result).",
            "# Spec defaults: %s" % s.defaults_text,
            "# type\tparams\tx\tf\tdf\tf_scale\tdf_scale",
        ]
        for i in range(len(s.sets)):
            for t in ("f64", "f32"):
                task, rows, status, maxprec, dt = results[(s.name, i, t)]
                lines.extend(rows)
                total_rows += len(rows)
                msg = "%-16s set %d %s: %4d rows, max %5d bits, %6.1fs" % (
                    s.name, i, t, len(rows), maxprec, dt)
                if status["zero"]:
                    msg += ", %d zero at cap" % len(status["zero"])
                if status["cap"]:
                    msg += ", CAP HIT at x = %s" % ", ".join(map(repr, status["cap"][:6]))
                print(msg)
        with open(os.path.join(OUT_DIR, s.name + ".tsv"), "w", encoding="ascii") as fh:
            fh.write("\n".join(lines) + "\n")
    print("%d rows in %d files, %.1fs" % (total_rows, len(specs), time.time() - t0))


if __name__ == "__main__":
    main(sys.argv[1:])
