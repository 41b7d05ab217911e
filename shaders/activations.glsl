// The activation catalogue in GLSL (330 core) for the live activation map: act_f_NAME(x, p) and
// act_df_NAME(x, p) per catalogue row, p = parameters in declared order; the dispatch by
// catalogue index, act_f(id, x, p) / act_df(id, x, p), is generated after it at build time.
// Same stable forms as core/src/formulas.hpp, in float: exp/expm1/log/log1p/tanh/erfc are our
// own (range reduction + polynomials) because GLSL leaves the built-ins' accuracy open
// (llvmpipe's tanh is 300 ULP off near 0 and maps NaN to −1). Arguments of exp whose rounding
// would be amplified (βx, x/α, x², the GELU-tanh cubic) are carried as hi + lo pairs built with
// error-free transforms; they need `precise` (ARB_gpu_shader5, in Mesa and every GL 4 driver),
// without which the compiler folds them away and the pairs degrade gracefully to plain floats.
// Every row's pair of functions is checked by app/tests/shader_test.cpp against the core.
//
// Sections: special values · pairs (hi + lo) · exp, log, tanh, erfc · catalogue · functions
#extension GL_ARB_gpu_shader5 : enable
#ifdef GL_ARB_gpu_shader5
#define ACT_PRECISE precise
#else
#define ACT_PRECISE
#endif

// ---------------------------------------------------------------------------- special values

float act_inf() { return uintBitsToFloat(0x7F800000u); }
float act_nan() { return uintBitsToFloat(0x7FC00000u); }
bool act_finite(float v) { return !isinf(v) && !isnan(v); }

// a·x with the limit 0 when a = 0 and x = ±∞ (λ·x, α·x at the infinities).
float act_scale(float a, float x) { return (a == 0.0 && isinf(x)) ? 0.0 : a * x; }

// --------------------------------------------------------------------------- pairs (hi + lo)

// a + b exactly as hi + lo (Knuth); lo = 0 when the sum is not finite.
vec2 act_two_sum(float a, float b) {
  ACT_PRECISE float s = a + b;
  ACT_PRECISE float bb = s - a;
  ACT_PRECISE float lo = (a - (s - bb)) + (b - bb);
  return act_finite(s) ? vec2(s, lo) : vec2(s, 0.0);
}

// Veltkamp's split of a float into two 12-bit halves (no FMA: GLSL 3.3's products are plain).
vec2 act_split(float a) {
  ACT_PRECISE float c = 4097.0 * a;
  ACT_PRECISE float hi = c - (c - a);
  ACT_PRECISE float lo = a - hi;
  return vec2(hi, lo);
}

// a·b exactly as hi + lo (Dekker); lo = 0 when the product is not finite or the split would
// overflow.
vec2 act_two_prod(float a, float b) {
  ACT_PRECISE float p = a * b;
  if (!act_finite(p) || abs(p) > 1e37 || abs(a) > 1e34 || abs(b) > 1e34) return vec2(p, 0.0);
  vec2 A = act_split(a);
  vec2 B = act_split(b);
  ACT_PRECISE float lo = ((A.x * B.x - p) + A.x * B.y + A.y * B.x) + A.y * B.y;
  return vec2(p, lo);
}

// Pair arithmetic to about 2⁻⁴⁴ (not renormalised; enough for the arguments of exp).
vec2 act_pair_mul(vec2 a, vec2 b) {
  vec2 p = act_two_prod(a.x, b.x);
  if (!act_finite(p.x)) return vec2(p.x, 0.0);
  ACT_PRECISE float lo = p.y + (a.x * b.y + a.y * b.x);
  return vec2(p.x, lo);
}
vec2 act_pair_add(vec2 a, vec2 b) {
  vec2 s = act_two_sum(a.x, b.x);
  if (!act_finite(s.x)) return vec2(s.x, 0.0);
  ACT_PRECISE float lo = s.y + (a.y + b.y);
  return vec2(s.x, lo);
}

// ------------------------------------------------------------------ exp, log, tanh, erfc

// v·2ⁿ for n in [−300, 300], in two steps so neither factor leaves the normal range.
float act_ldexp(float v, int n) {
  int n1 = n / 2;
  int n2 = n - n1;
  n1 = clamp(n1, -126, 127);
  n2 = clamp(n2, -126, 127);
  return (v * intBitsToFloat((n1 + 127) << 23)) * intBitsToFloat((n2 + 127) << 23);
}

// e^r − 1 for |r| ≤ ln2/2: Taylor to r⁹ (truncation below 2⁻³⁰ relative).
float act_expm1_small(float r) {
  float q = 2.75573192e-06;           // 1/9!
  q = q * r + 2.48015873e-05;         // 1/8!
  q = q * r + 1.98412698e-04;         // 1/7!
  q = q * r + 1.38888889e-03;         // 1/6!
  q = q * r + 8.33333333e-03;         // 1/5!
  q = q * r + 4.16666667e-02;         // 1/4!
  q = q * r + 1.66666667e-01;         // 1/3!
  q = q * r + 0.5;
  return r + (r * r) * q;
}

// Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2; n·ln2_hi is exact (ln2_hi has 9 bits).
float act_reduce(float x, out int n) {
  float k = floor(x * 1.44269502 + 0.5);
  n = int(k);
  ACT_PRECISE float r = (x - k * 0.693359375) - k * -2.12194442e-4;
  return r;
}

float act_exp(float x) {
  if (isnan(x)) return x;
  if (x > 88.7228394) return act_inf();
  if (x < -104.0) return 0.0;
  int n;
  float r = act_reduce(x, n);
  return act_ldexp(1.0 + act_expm1_small(r), n);
}

float act_expm1(float x) {
  if (isnan(x)) return x;
  if (abs(x) <= 0.346573591) return act_expm1_small(x);
  if (x < -17.5) return -1.0;  // e^x below half an ulp of 1
  if (x > 88.7228394) return act_inf();
  int n;
  float em = act_expm1_small(act_reduce(x, n));
  // 2ⁿ(1 + em) − 1 = 2ⁿ·em + (2ⁿ − 1), and 2ⁿ − 1 is exact for −25 ≤ n ≤ 24.
  if (n <= 24) return act_ldexp(em, n) + (act_ldexp(1.0, n) - 1.0);
  return act_ldexp(1.0 + em, n) - 1.0;
}

// e^(hi + lo) = e^hi·(1 + lo) to first order.
float act_exp_pair(vec2 t) {
  float e = act_exp(t.x);
  return act_finite(e) ? e + e * t.y : e;
}

// 2·atanh(s) = ln((1+s)/(1−s)) for |s| ≤ 0.1716 (s² ≤ 0.0295: six terms reach 2⁻³²).
float act_log_series(float s) {
  float s2 = s * s;
  float q = 1.0 / 11.0;
  q = q * s2 + 1.0 / 9.0;
  q = q * s2 + 1.0 / 7.0;
  q = q * s2 + 0.2;
  q = q * s2 + 1.0 / 3.0;
  return 2.0 * s + (2.0 * s) * (s2 * q);
}

float act_log(float x) {
  if (isnan(x) || x < 0.0) return act_nan();
  if (x == 0.0) return -act_inf();
  if (isinf(x)) return x;
  int e = 0;
  if (x < 1.17549435e-38) {  // subnormal (where the GPU keeps them)
    x *= 16777216.0;
    e = -24;
  }
  int bits = floatBitsToInt(x);
  e += (bits >> 23) - 127;
  float m = intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);  // [1, 2)
  if (m > 1.41421356) {
    m *= 0.5;
    e += 1;
  }
  // m − 1 is exact (Sterbenz); ln m = 2 atanh((m − 1)/(m + 1)).
  float l = act_log_series((m - 1.0) / (m + 1.0));
  float fe = float(e);
  return fe * 0.693359375 + (fe * -2.12194442e-4 + l);
}

// ln(1 + u): the series on s = u/(2 + u) near 0, else ln w (w = 1 + u rounded) corrected by
// the rounding error of w, (u − (w − 1))/w.
float act_log1p(float u) {
  if (isnan(u) || u < -1.0) return act_nan();
  if (u == -1.0) return -act_inf();
  if (isinf(u)) return u;
  if (u > -0.292893219 && u < 0.414213562) return act_log_series(u / (2.0 + u));
  ACT_PRECISE float w = 1.0 + u;
  ACT_PRECISE float c = (u - (w - 1.0)) / w;
  return act_log(w) + c;
}

// tanh x = −expm1(−2|x|)/(2 + expm1(−2|x|)) with the sign of x: no cancellation anywhere.
float act_tanh(float x) {
  if (isnan(x)) return x;
  float e = act_expm1(-2.0 * abs(x));
  float r = -e / (2.0 + e);
  return x < 0.0 ? -r : r;
}

// sech²x = 4e/(1+e)², e = e^(−2|x|): exact in the tail where 1 − tanh² is 0.
float act_sech2(float x) {
  float e = act_exp(-2.0 * abs(x));
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

// (σ(t), σ(−t)) from e = e^(−|t|): neither overflows nor cancels.
vec2 act_sigmoid_pair(vec2 t) {
  bool neg = t.x < 0.0;
  float e = act_exp_pair(neg ? t : -t);
  float big = 1.0 / (1.0 + e);
  float small = e / (1.0 + e);
  return neg ? vec2(small, big) : vec2(big, small);
}

// erfc(z) for z ≥ 0 (to +∞) as t·e^(−z²)·e^(h(s)), t = 1/(1 + z/2), s = 2t − 1: h is smooth
// on all of [0, ∞) (h → ln(1/(2√π)) as z → ∞), fitted by a degree-14 Chebyshev series
// (fit error 4e−10, 3e−8 with float coefficients; mpmath reference). e^(−z²) takes z² exactly.
float act_erfc(float z) {
  float t = 1.0 / (1.0 + 0.5 * z);
  float s = 2.0 * t - 1.0;
  float c[15] = float[15](-6.513268352e-01, 6.419698000e-01, 1.947647333e-02, -9.561514482e-03,
                          -9.465953335e-04, 3.668394929e-04, 4.252332656e-05, -2.027857772e-05,
                          -1.624290007e-06, 1.303655949e-06, 1.562612972e-08, -8.523898742e-08,
                          6.535940678e-09, 5.056949082e-09, -1.087832491e-09);
  float b1 = 0.0, b2 = 0.0;  // Clenshaw
  for (int k = 14; k >= 1; --k) {
    float b0 = 2.0 * s * b1 - b2 + c[k];
    b2 = b1;
    b1 = b0;
  }
  float h = s * b1 - b2 + c[0];
  return t * act_exp_pair(-act_two_prod(z, z)) * act_exp(h);
}

// Φ(x). For x < 0 it is erfc(z)/2 with z = −x/√2, whose condition number is 2z²: z is carried
// as hi + lo and the lo part fed back through erfc′(z) = −(2/√π)e^(−z²), as in the core.
float act_Phi(float x) {
  if (x >= 0.0) return 1.0 - 0.5 * act_erfc(x * 7.071067691e-01);
  vec2 z = act_two_prod(-x, 7.071067691e-01);
  z.y += -x * 1.210161749e-08;
  float corr = act_finite(z.x) ? act_exp_pair(-act_two_prod(z.x, z.x)) * z.y * 5.641896129e-01
                               : 0.0;
  return 0.5 * act_erfc(z.x) - corr;
}

// φ(x) = e^(−x²/2)/√(2π) with x² exact.
float act_phi(float x) {
  return act_exp_pair(-0.5 * act_two_prod(x, x)) * 3.989422917e-01;
}

// ---------------------------------------------------------------------------- catalogue

// logit on [0, ½]: log of the quotient below ⅓, log1p of (2y − 1)/(1 − y) above.
float act_logit_lower(float y) {
  if (y < 1.0 / 3.0) return act_log(y / (1.0 - y));
  return act_log1p((2.0 * y - 1.0) / (1.0 - y));
}

// x/α as t + r, r the exact division remainder (e^t has condition number |t|).
vec2 act_celu_arg(float x, float a) {
  float t = x / a;
  if (!act_finite(t)) return vec2(t, 0.0);
  vec2 p = act_two_prod(t, a);
  ACT_PRECISE float r = ((x - p.x) - p.y) / a;
  return vec2(t, r);
}

float act_swish_limit(float x, float b) {
  if (b == 0.0) return x / 2.0;
  return (x > 0.0) == (b > 0.0) ? x : 0.0;
}

// 2u = 2√(2/π)·x·(1 + 0.044715x²) as hi + lo: σ(2u)'s left tail is e^(2u), condition |2u|.
vec2 act_gelu_tanh_2u(float x, vec2 c) {
  vec2 x2 = act_two_prod(x, x);
  vec2 s = act_pair_add(act_pair_mul(c, x2), vec2(1.0, 0.0));
  vec2 m = act_pair_mul(s, vec2(x, 0.0));
  return act_pair_mul(vec2(1.595769167e+00, -4.534068054e-08), m);
}

// (x − tanh x)/x³ in u = x², Taylor (Bernoulli numbers), used for |x| < 1 where x − tanh x
// would lose up to 10 bits in float (the core's double needs it only below ¼).
float act_tanhshrink_series(float x) {
  float c[26] = float[26](
      3.333333433e-01, -1.333333403e-01, 5.396825448e-02, -2.186948806e-02, 8.863235824e-03,
      -3.592127934e-03, 1.455834368e-03, -5.900274264e-04, 2.391291200e-04, -9.691537707e-05,
      3.927832222e-05, -1.591890577e-05, 6.451689387e-06, -2.614771120e-06, 1.059726856e-06,
      -4.294911093e-07, 1.740661872e-07, -7.054637052e-08, 2.859136750e-08, -1.158764462e-08,
      4.696295353e-09, -1.903336821e-09, 7.713933381e-10, -3.126339465e-10, 1.267057709e-10,
      -5.135191578e-11);
  float u = x * x;
  float acc = 0.0;
  for (int i = 25; i >= 0; --i) acc = acc * u + c[i];
  return (x * u) * acc;
}

// soft exponential, α < 0: u = −α(x+α) and 1 + u, both accurate (also near the pole).
vec2 act_softexp_arg(float x, float a) {
  vec2 s = act_two_sum(x, a);
  vec2 pr = act_two_prod(a, s.x);
  ACT_PRECISE float rest = a * s.y + pr.y;
  ACT_PRECISE float u = -(pr.x + rest);
  ACT_PRECISE float arg = u > -0.5 ? 1.0 + u : (1.0 - pr.x) - rest;
  return vec2(u, arg);
}

// √(x² + b) without overflow of x² (|x| > 10¹⁸) or its underflow when b = 0 (then it is |x|).
float act_squareplus_root(float x, float b) {
  if (b == 0.0) return abs(x);
  return abs(x) > 1e18 ? abs(x) * sqrt(1.0 + (b / x) / x) : sqrt(x * x + b);
}

bool act_maxout_first_at_inf(float x, vec4 p) {
  float s1 = x > 0.0 ? p.x : -p.x;
  float s2 = x > 0.0 ? p.z : -p.z;
  return s1 > s2 || (s1 == s2 && p.y > p.w);
}
float act_maxout_limit(float w, float b, float x) { return w == 0.0 ? b : w * x; }
// w·x + b as hi + lo (the core uses fma: one rounding).
vec2 act_affine(float w, float b, float x) { return act_pair_add(act_two_prod(w, x), vec2(b, 0.0)); }
// a > b decided exactly, as the core does: a − b = (w₁ − w₂)x + (b₁ − b₂) as six exact
// terms, summed into a non-overlapping expansion (Shewchuk) whose top component has the sign.
bool act_maxout_first(float x, vec4 p) {
  vec2 dw = act_two_sum(p.x, -p.z);
  vec2 db = act_two_sum(p.y, -p.w);
  vec2 m1 = act_two_prod(dw.x, x);
  vec2 m2 = act_two_prod(dw.y, x);
  float terms[6] = float[6](m1.x, m1.y, m2.x, m2.y, db.x, db.y);
  float e[12];
  for (int i = 0; i < 12; ++i) e[i] = 0.0;
  int n = 0;
  for (int k = 0; k < 6; ++k) {
    float q = terms[k];
    int m = 0;
    for (int i = 0; i < n; ++i) {
      vec2 s = act_two_sum(q, e[i]);
      q = s.x;
      if (s.y != 0.0) e[m++] = s.y;
    }
    if (q != 0.0) e[m++] = q;
    n = m;
  }
  for (int i = n - 1; i >= 0; --i)
    if (e[i] != 0.0) return e[i] > 0.0;
  return false;
}

// ------------------------------------------------------------------- functions, by name
// act_f_NAME(x, p) and act_df_NAME(x, p) for each catalogue row NAME; x is never NaN (the
// dispatch answers NaN for every function). The dispatch act_f(id, …)/act_df(id, …) is
// generated from actviz::Catalogue() at build time (tools/glsl_dispatch.cpp), by name.

// step
float act_f_step(float x, vec4 p) { return x > p.x ? 1.0 : 0.0; }
float act_df_step(float x, vec4 p) { return 0.0; }

// linear
float act_f_linear(float x, vec4 p) { return act_scale(p.x, x); }
float act_df_linear(float x, vec4 p) { return p.x; }

// sigmoid
float act_f_sigmoid(float x, vec4 p) { return act_sigmoid_pair(vec2(x, 0.0)).x; }
float act_df_sigmoid(float x, vec4 p) {
  vec2 s = act_sigmoid_pair(vec2(x, 0.0));
  return s.x * s.y;
}

// tanh
float act_f_tanh(float x, vec4 p) { return act_tanh(x); }
float act_df_tanh(float x, vec4 p) { return act_sech2(x); }

// logit
float act_f_logit(float x, vec4 p) {
  if (!(x >= 0.0 && x <= 1.0)) return act_nan();
  return x >= 0.5 ? -act_logit_lower(1.0 - x) : act_logit_lower(x);
}
float act_df_logit(float x, vec4 p) {
  if (!(x >= 0.0 && x <= 1.0)) return act_nan();
  return 1.0 / abs(x * (1.0 - x));
}

// softsign
float act_f_softsign(float x, vec4 p) { return isinf(x) ? sign(x) : x / (1.0 + abs(x)); }
float act_df_softsign(float x, vec4 p) {
  float d = 1.0 + abs(x);
  return (1.0 / d) / d;  // not 1/d²: d² overflows first
}

// relu
float act_f_relu(float x, vec4 p) { return x > 0.0 ? x : 0.0; }
float act_df_relu(float x, vec4 p) { return x > 0.0 ? 1.0 : 0.0; }

// leaky_relu
float act_f_leaky_relu(float x, vec4 p) { return x > 0.0 ? x : act_scale(p.x, x); }
float act_df_leaky_relu(float x, vec4 p) { return x > 0.0 ? 1.0 : p.x; }

// prelu
float act_f_prelu(float x, vec4 p) { return act_f_leaky_relu(x, p); }
float act_df_prelu(float x, vec4 p) { return act_df_leaky_relu(x, p); }

// relu6
float act_f_relu6(float x, vec4 p) { return x <= 0.0 ? 0.0 : (x >= 6.0 ? 6.0 : x); }
float act_df_relu6(float x, vec4 p) { return (x > 0.0 && x < 6.0) ? 1.0 : 0.0; }

// thresholded_relu
float act_f_thresholded_relu(float x, vec4 p) { return x > p.x ? x : 0.0; }
float act_df_thresholded_relu(float x, vec4 p) { return x > p.x ? 1.0 : 0.0; }

// elu
float act_f_elu(float x, vec4 p) { return x > 0.0 ? x : p.x * act_expm1(x); }
float act_df_elu(float x, vec4 p) { return x > 0.0 ? 1.0 : p.x * act_exp(x); }

// celu
float act_f_celu(float x, vec4 p) {
  if (x > 0.0) return x;
  vec2 t = act_celu_arg(x, p.x);
  return p.x * (act_expm1(t.x) + act_exp(t.x) * t.y);
}
float act_df_celu(float x, vec4 p) { return x > 0.0 ? 1.0 : act_exp_pair(act_celu_arg(x, p.x)); }

// selu
float act_f_selu(float x, vec4 p) {
  return x > 0.0 ? act_scale(p.x, x) : p.x * (p.y * act_expm1(x));
}
float act_df_selu(float x, vec4 p) { return x > 0.0 ? p.x : p.x * (p.y * act_exp(x)); }

// softplus
// x + log1p(e^(−βx))/β above 0, log1p(e^(βx))/β below
float act_f_softplus(float x, vec4 p) {
  vec2 t = act_two_prod(p.x, x);
  if (t.x > 0.0) return x + act_log1p(act_exp(-t.x)) / p.x;
  return act_log1p(act_exp_pair(t)) / p.x;
}
float act_df_softplus(float x, vec4 p) { return act_sigmoid_pair(act_two_prod(p.x, x)).x; }

// swish
float act_f_swish(float x, vec4 p) {
  if (isinf(x)) return act_swish_limit(x, p.x);
  return x * act_sigmoid_pair(act_two_prod(p.x, x)).x;
}
// σ(t) + t·σ(t)σ(−t)
float act_df_swish(float x, vec4 p) {
  float b = p.x;
  if (b == 0.0) return 0.5;
  if (isinf(x)) return (x > 0.0) == (b > 0.0) ? 1.0 : 0.0;
  vec2 t = act_two_prod(b, x);
  vec2 s = act_sigmoid_pair(t);
  // βx may overflow in float where the core's double does not; its factors are 0 there.
  return s.x + (s.x == 0.0 || s.y == 0.0 ? 0.0 : (t.x * s.x) * s.y);
}

// gelu
float act_f_gelu(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? x : 0.0;
  return x * act_Phi(x);
}
float act_df_gelu(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? 1.0 : 0.0;
  return act_Phi(x) + x * act_phi(x);
}

// gelu_tanh
// ½x(1 + tanh u) = x·σ(2u)
float act_f_gelu_tanh(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? x : 0.0;
  return x * act_sigmoid_pair(act_gelu_tanh_2u(x, vec2(4.471499845e-02, 1.546144435e-09))).x;
}
// σ(2u) + ½x·sech²u·√(2/π)(1 + 3cx²), sech²u = 4σ(2u)σ(−2u)
float act_df_gelu_tanh(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? 1.0 : 0.0;
  vec2 s = act_sigmoid_pair(act_gelu_tanh_2u(x, vec2(4.471499845e-02, 1.546144435e-09)));
  float du = 1.595769167e+00 * (x * (1.341450065e-01 * (x * x) + 1.0));
  return s.x + (s.x == 0.0 || s.y == 0.0 ? 0.0 : (du * s.x) * s.y);
}

// mish
// tanh(sp(x)) = n/(n + 2), n = e(e + 2), e = eˣ (or in e^(−x) above 0)
float act_f_mish(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? x : 0.0;
  if (x <= 0.0) {
    float e = act_exp(x);
    float n = e * (e + 2.0);
    return x * (n / (n + 2.0));
  }
  float e = act_exp(-x);
  return x * ((1.0 + 2.0 * e) / (1.0 + 2.0 * e + 2.0 * e * e));
}
// every term positive: no cancellation inside
float act_df_mish(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? 1.0 : 0.0;
  if (x <= 0.0) {
    float e = act_exp(x);
    float n = e * (e + 2.0);
    float d = n + 2.0;
    return n / d + x * (4.0 * (e * (1.0 + e)) / (d * d));  // x last: 4x may overflow
  }
  float e = act_exp(-x);
  float d = 1.0 + 2.0 * e + 2.0 * e * e;
  return (1.0 + 2.0 * e) / d + x * (4.0 * (e * e * (1.0 + e)) / (d * d));
}

// log_sigmoid
float act_f_log_sigmoid(float x, vec4 p) { return min(x, 0.0) - act_log1p(act_exp(-abs(x))); }
float act_df_log_sigmoid(float x, vec4 p) { return act_sigmoid_pair(vec2(-x, 0.0)).x; }

// squareplus
// b/(2(s − x)) below 0 where x + s cancels; halves before the sum
float act_f_squareplus(float x, vec4 p) {
  float s = act_squareplus_root(x, p.x);
  ACT_PRECISE float half_sum = 0.5 * x + 0.5 * s;  // precise: not refactored to (x + s)/2
  return x >= 0.0 ? half_sum : p.x / (2.0 * (s - x));
}
float act_df_squareplus(float x, vec4 p) {
  if (isinf(x)) return x > 0.0 ? 1.0 : 0.0;
  float s = act_squareplus_root(x, p.x);
  if (s == 0.0) return 0.5;  // x² + b = 0: the spec's ½
  return x >= 0.0 ? (1.0 + x / s) / 2.0 : (p.x / (2.0 * s)) / (s - x);
}

// tanhshrink
float act_f_tanhshrink(float x, vec4 p) {
  return abs(x) < 1.0 ? act_tanhshrink_series(x) : x - act_tanh(x);
}
float act_df_tanhshrink(float x, vec4 p) {
  float t = act_tanh(x);
  return t * t;
}

// hard_sigmoid
float act_f_hard_sigmoid(float x, vec4 p) {
  return x <= -3.0 ? 0.0 : (x >= 3.0 ? 1.0 : (x + 3.0) / 6.0);
}
float act_df_hard_sigmoid(float x, vec4 p) { return (x > -3.0 && x < 3.0) ? 1.0 / 6.0 : 0.0; }

// hard_tanh
float act_f_hard_tanh(float x, vec4 p) { return x <= -1.0 ? -1.0 : (x >= 1.0 ? 1.0 : x); }
float act_df_hard_tanh(float x, vec4 p) { return (x > -1.0 && x < 1.0) ? 1.0 : 0.0; }

// hard_swish
float act_f_hard_swish(float x, vec4 p) {
  return x <= -3.0 ? 0.0 : (x >= 3.0 ? x : x * (x + 3.0) / 6.0);
}
float act_df_hard_swish(float x, vec4 p) {
  return x <= -3.0 ? 0.0 : (x >= 3.0 ? 1.0 : (2.0 * x + 3.0) / 6.0);
}

// hardshrink
float act_f_hardshrink(float x, vec4 p) { return abs(x) > p.x ? x : 0.0; }
float act_df_hardshrink(float x, vec4 p) { return abs(x) > p.x ? 1.0 : 0.0; }

// softshrink
float act_f_softshrink(float x, vec4 p) { return x > p.x ? x - p.x : (x < -p.x ? x + p.x : 0.0); }
float act_df_softshrink(float x, vec4 p) { return abs(x) > p.x ? 1.0 : 0.0; }

// soft_exponential
float act_f_soft_exponential(float x, vec4 p) {
  float a = p.x;
  if (a == 0.0) return x;
  if (a > 0.0) {
    vec2 t = act_two_prod(a, x);
    float e = act_exp(t.x);
    // Left of αx = −1 as (e^(αx) + (α² − 1))/α (as the core): expm1's −1 would swamp e^(αx),
    // which is all of f where α ≈ 1 (α = 1: f = eˣ). α² − 1 = (α − 1)(α + 1), no cancellation.
    if (t.x < -1.0) return (e * t.y + (e + (a - 1.0) * (a + 1.0))) / a;
    float em1 = act_finite(e) ? act_expm1(t.x) + e * t.y : act_expm1(t.x);
    return em1 / a + a;
  }
  if (isinf(x)) return x > 0.0 ? x : act_nan();
  vec2 g = act_softexp_arg(x, a);
  if (!(g.y > 0.0)) return act_nan();
  return -(g.x > -0.5 ? act_log1p(g.x) : act_log(g.y)) / a;
}
float act_df_soft_exponential(float x, vec4 p) {
  float a = p.x;
  if (a == 0.0) return 1.0;
  if (a > 0.0) return act_exp_pair(act_two_prod(a, x));
  if (isinf(x)) return x > 0.0 ? 0.0 : act_nan();
  vec2 g = act_softexp_arg(x, a);
  if (!(g.y > 0.0)) return act_nan();
  return 1.0 / g.y;
}

// maxout: max over the first k pieces wⱼx + bⱼ. p holds pieces 1 and 2 (w₁, b₁, w₂, b₂); the
// rest, (w₃, b₃, w₄, b₄) and (w₅, b₅, k, 0), come from act_p2/act_p3, which the map's main
// sets from its uniforms (every other row needs only p). Ties go to the later piece.
vec4 act_p2 = vec4(0.0);
vec4 act_p3 = vec4(0.0, 0.0, 2.0, 0.0);
vec2 act_maxout_piece(int j, vec4 p) {
  return j == 0 ? p.xy : (j == 1 ? p.zw : (j == 2 ? act_p2.xy : (j == 3 ? act_p2.zw : act_p3.xy)));
}
int act_maxout_winner(float x, vec4 p) {
  int best = 0;
  int k = int(act_p3.z);
  for (int j = 1; j < 5; ++j) {
    if (j >= k) break;
    vec4 pair = vec4(act_maxout_piece(best, p), act_maxout_piece(j, p));
    bool keep = isinf(x) ? act_maxout_first_at_inf(x, pair) : act_maxout_first(x, pair);
    if (!keep) best = j;
  }
  return best;
}
float act_f_maxout(float x, vec4 p) {
  vec2 w = act_maxout_piece(act_maxout_winner(x, p), p);
  if (isinf(x)) return act_maxout_limit(w.x, w.y, x);
  vec2 a = act_affine(w.x, w.y, x);
  return a.x + a.y;
}
float act_df_maxout(float x, vec4 p) { return act_maxout_piece(act_maxout_winner(x, p), p).x; }
