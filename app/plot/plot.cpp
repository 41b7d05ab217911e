// The plot widget and its renderer: layout (margins measured from the tick labels), drawing of
// frame, bands, grid, series, markers, legend and labels, and the mouse interaction.
// Sections: styles · metrics and text · layout · polylines · drawing · Render · Plot.
#define IMGUI_DEFINE_MATH_OPERATORS
#include "plot/plot.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace actviz::plot {

// ---- Styles ------------------------------------------------------------------------------

Style Style::Dark() {
  return Style{};
}

Style Style::Light() {
  Style s;
  s.canvas = IM_COL32(255, 255, 255, 255);
  s.background = IM_COL32(255, 255, 255, 255);
  s.frame = IM_COL32(170, 175, 184, 255);
  s.grid = IM_COL32(222, 225, 230, 255);
  s.grid_minor = IM_COL32(240, 241, 244, 255);
  s.axis = IM_COL32(135, 141, 151, 255);
  s.text = IM_COL32(31, 35, 40, 255);
  s.text_dim = IM_COL32(87, 96, 106, 255);
  s.legend_bg = IM_COL32(255, 255, 255, 225);
  s.crosshair = IM_COL32(60, 64, 72, 110);
  s.selection = IM_COL32(40, 100, 220, 40);
  s.band = IM_COL32(230, 140, 30, 32);
  // Tableau 10: the usual palette of scientific figures, legible on white and in greyscale.
  s.palette = {IM_COL32(31, 119, 180, 255),  IM_COL32(255, 127, 14, 255),
               IM_COL32(44, 160, 44, 255),   IM_COL32(214, 39, 40, 255),
               IM_COL32(148, 103, 189, 255), IM_COL32(23, 190, 207, 255),
               IM_COL32(227, 119, 194, 255), IM_COL32(140, 86, 75, 255)};
  return s;
}

namespace {

// ---- Metrics and text --------------------------------------------------------------------

// Sizes at one scale: everything in pixels already multiplied by `scale`.
struct Metrics {
  float scale = 1;
  ImFont* font = nullptr;     // nullptr: no text at all (no font atlas)
  float font_size = 13;       // 0 when there is no font, so text takes no room
  float pad = 8;              // outer padding of the widget
  float gap = 5;              // between the plot edge and the tick labels, and similar
  bool superscripts = false;  // the font can write 10⁻³
  bool minus_sign = false;    // the font has U+2212, the typographic minus
};

bool HasSuperscripts(const ImFont* font) {
  for (ImWchar c :
       {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079, 0x207B}) {
    if (!font->FindGlyphNoFallback(c)) return false;
  }
  return true;
}

Metrics MakeMetrics(const Style& style, float scale, ImFont* font) {
  Metrics m;
  m.scale = scale;
  m.font = font;
  float base = style.font_size > 0 ? style.font_size : ImGui::GetFontSize();
  if (!(base > 0)) base = font ? font->FontSize : 13;
  m.font_size = font ? base * scale : 0;
  m.pad = 8 * scale;
  m.gap = 5 * scale;
  m.superscripts = font && HasSuperscripts(font);
  m.minus_sign = font && font->FindGlyphNoFallback(0x2212);
  return m;
}

// A label as drawn: "−0.5" rather than "-0.5" when the font has the real minus sign (a hyphen
// is shorter and sits lower; tick labels are where it shows).
std::string Typeset(std::string label, const Metrics& m) {
  if (!m.minus_sign) return label;
  std::string out;
  for (char c : label) {
    if (c == '-') {
      out += "\u2212";
    } else {
      out += c;
    }
  }
  return out;
}

ImVec2 TextSize(const Metrics& m, std::string_view s) {
  if (!m.font || s.empty()) return {0, m.font_size};
  return m.font->CalcTextSizeA(m.font_size, FLT_MAX, 0, s.data(), s.data() + s.size());
}

void Text(ImDrawList* dl, const Metrics& m, ImVec2 pos, ImU32 col, std::string_view s) {
  if (!m.font || s.empty()) return;
  // Whole pixels keep bitmap glyphs sharp.
  dl->AddText(m.font, m.font_size, ImFloor(pos), col, s.data(), s.data() + s.size());
}

// Text turned 90° counter-clockwise (reads bottom to top, as a y-axis label), its bounding
// box [pos.x, pos.x + font_size] x [pos.y - width, pos.y]. ImDrawList has no rotated text, so
// the glyph quads are emitted directly from the atlas.
void TextVertical(ImDrawList* dl, const Metrics& m, ImVec2 pos, ImU32 col, std::string_view s) {
  if (!m.font || s.empty()) return;
  pos = ImFloor(pos);
  const float k = m.font_size / m.font->FontSize;
  float pen = 0;  // along the baseline, upwards on screen
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0 || c == 0) break;
    p += n;
    const ImFontGlyph* g = m.font->FindGlyph(static_cast<ImWchar>(c));
    if (!g) continue;
    if (g->Visible) {
      // Unrotated glyph corners (x along the text, y down) go to (pos.x + y, pos.y - x).
      const float x0 = pen + g->X0 * k, x1 = pen + g->X1 * k, y0 = g->Y0 * k, y1 = g->Y1 * k;
      dl->PrimReserve(6, 4);
      dl->PrimQuadUV(ImVec2(pos.x + y0, pos.y - x0), ImVec2(pos.x + y0, pos.y - x1),
                     ImVec2(pos.x + y1, pos.y - x1), ImVec2(pos.x + y1, pos.y - x0),
                     ImVec2(g->U0, g->V0), ImVec2(g->U1, g->V0), ImVec2(g->U1, g->V1),
                     ImVec2(g->U0, g->V1), col);
    }
    pen += g->AdvanceX * k;
  }
}

// ---- Layout ------------------------------------------------------------------------------

struct AxisTicks {
  std::vector<double> major, minor;  // data values
  std::vector<std::string> labels;   // one per major tick
  double step = 0;                   // linear step of the majors; 0 for decade ticks
};

AxisTicks LinearTicks(Range r, int max_ticks, const Metrics& m) {
  AxisTicks t;
  t.major = NiceTicks(r.lo, r.hi, max_ticks);
  t.step = TickStep(r.lo, r.hi, max_ticks);
  t.minor = MinorTicks(r.lo, r.hi, t.step);
  for (double v : t.major) {
    t.labels.push_back(Typeset(FormatTick(v, t.step), m));
  }
  return t;
}

AxisTicks LogAxisTicks(Range r, int max_ticks, const Metrics& m, double pixels_per_decade) {
  const double a0 = std::log10(r.lo), a1 = std::log10(r.hi);
  const std::vector<double> exps = LogTicks(a0, a1, max_ticks);
  if (exps.size() < 2) return LinearTicks(r, max_ticks, m);  // under two decades: plain numbers
  AxisTicks t;
  const double stride = exps[1] - exps[0];
  for (double e : exps) {
    t.major.push_back(std::pow(10.0, e));
    t.labels.push_back(m.superscripts ? FormatLogTick(e) : FormatLogTickAscii(e));
  }
  // 2..9 x 10^k only where a decade is tall enough for them not to blur into a band.
  if (stride > 1 || pixels_per_decade >= 2.5 * std::max(m.font_size, 8.0f)) {
    for (double e : LogMinorTicks(a0, a1, stride)) {
      t.minor.push_back(std::pow(10.0, e));
    }
  }
  return t;
}

float WidestLabel(const Metrics& m, const AxisTicks& t) {
  float w = 0;
  for (const std::string& s : t.labels) {
    w = std::max(w, TextSize(m, s).x);
  }
  return w;
}

struct Layout {
  ImRect frame, plot;
  AxisTicks xt, yt;
  float x_ticks_top = 0;  // top of the tick labels under the plot
};

Layout ComputeLayout(const ImRect& frame, Range x, Range y, const PlotSpec& spec,
                     const Metrics& m) {
  Layout L;
  L.frame = frame;
  const float fs = m.font_size;
  // Top: the title, and room for half of the topmost y label, which is centred on its tick.
  const float title_h = spec.title.empty() || !m.font ? 0 : fs + m.gap;
  const float top = frame.Min.y + std::max(m.pad, 0.5f * fs + 2 * m.scale) + title_h;
  // Bottom: x tick labels start below the lowest y label (which hangs half a line below the
  // plot), so the two never collide in the corner; then the x label.
  const float x_gap = std::max(m.gap, 0.5f * fs + 2 * m.scale);
  const float x_label_h = spec.x_label.empty() || !m.font ? 0 : fs + m.gap;
  float bottom = frame.Max.y - m.pad - x_label_h - fs - x_gap;
  bottom = std::max(bottom, top + 1);
  const float height = bottom - top;

  const float min_spacing_y = std::max(2.5f * fs, 24 * m.scale);
  const int max_y = std::max(2, static_cast<int>(height / min_spacing_y) + 1);
  if (spec.y_scale == Scale::kLog10) {
    const double decades = std::log10(y.hi) - std::log10(y.lo);
    L.yt = LogAxisTicks(y, max_y, m, height / std::max(decades, 1e-300));
  } else {
    L.yt = LinearTicks(y, max_y, m);
  }

  // Left: the y label (turned), then the widest y tick label, so none is ever clipped.
  const float y_label_w = spec.y_label.empty() || !m.font ? 0 : fs + m.gap;
  float left = frame.Min.x + m.pad + y_label_w + WidestLabel(m, L.yt) + (m.font ? m.gap : 0);
  float right = frame.Max.x - m.pad;
  left = std::min(left, right - 1);
  const float width = right - left;

  // x ticks: as many as fit with a gap of one em between the widest labels.
  int max_x = std::max(2, static_cast<int>(width / std::max(5 * fs, 40 * m.scale)) + 1);
  for (int attempt = 0; attempt < 8; ++attempt) {
    L.xt = LinearTicks(x, max_x, m);
    if (L.xt.major.size() < 2 || max_x == 2) break;
    const double spacing = width * L.xt.step / x.Span();
    const float need = WidestLabel(m, L.xt) + std::max(fs, 8 * m.scale);
    if (spacing >= need) break;
    const int fit = std::max(2, static_cast<int>(width / need) + 1);
    max_x = std::min(max_x - 1, fit);
  }

  L.plot = ImRect(ImVec2(left, top), ImVec2(right, bottom));
  L.x_ticks_top = bottom + x_gap;
  return L;
}

// ---- Polylines ---------------------------------------------------------------------------

// Pixel coordinates are clamped here before clipping: far enough that the direction of a
// segment into the view is unchanged to well under a pixel, small enough for exact clipping.
constexpr double kFar = 1e15;

// Liang–Barsky clipping of the segment (x0,y0)-(x1,y1) to the box, in place. Returns false
// when nothing is inside; c0/c1 say whether the start/end were moved onto the box.
bool ClipSegment(double& x0, double& y0, double& x1, double& y1, const double box[4], bool& c0,
                 bool& c1) {
  const double dx = x1 - x0, dy = y1 - y0;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0 - box[0], box[2] - x0, y0 - box[1], box[3] - y0};
  double t0 = 0, t1 = 1;
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this edge and outside it
      continue;
    }
    const double r = q[i] / p[i];
    if (p[i] < 0) {
      if (r > t1) return false;
      t0 = std::max(t0, r);
    } else {
      if (r < t0) return false;
      t1 = std::min(t1, r);
    }
  }
  c0 = t0 > 0;
  c1 = t1 < 1;
  const double ox = x0, oy = y0;
  if (c1) {
    x1 = std::clamp(ox + t1 * dx, box[0], box[2]);
    y1 = std::clamp(oy + t1 * dy, box[1], box[3]);
  }
  if (c0) {
    x0 = std::clamp(ox + t0 * dx, box[0], box[2]);
    y0 = std::clamp(oy + t0 * dy, box[1], box[3]);
  }
  return true;
}

// Appends `run` to `out`, keeping of each group of consecutive points in one pixel column the
// first, the lowest, the highest and the last (in their order): 10^5 points become a few per
// column while every spike keeps its extremes.
void ThinInto(const std::vector<ImVec2>& run, detail::Polylines& out) {
  const std::size_t start = out.points.size();
  auto emit = [&](ImVec2 p) {
    if (out.points.size() > start && out.points.back().x == p.x && out.points.back().y == p.y) {
      return;  // a repeated point has no direction and only costs vertices
    }
    out.points.push_back(p);
  };
  // Clipped points lie within a few pixels of the plot, so an integer floor is safe and
  // much cheaper than std::floor, which is a libm call without SSE4.1.
  auto column_of = [](float x) {
    const int i = static_cast<int>(x);
    return i - (static_cast<float>(i) > x);
  };
  std::size_t i = 0;
  while (i < run.size()) {
    const int column = column_of(run[i].x);
    std::size_t j = i + 1;
    while (j < run.size() && column_of(run[j].x) == column) {
      ++j;
    }
    if (j - i <= 4) {
      for (std::size_t k = i; k < j; ++k) {
        emit(run[k]);
      }
    } else {
      std::size_t lo = i, hi = i;
      for (std::size_t k = i; k < j; ++k) {
        if (run[k].y < run[lo].y) lo = k;
        if (run[k].y > run[hi].y) hi = k;
      }
      emit(run[i]);
      emit(run[std::min(lo, hi)]);
      emit(run[std::max(lo, hi)]);
      emit(run[j - 1]);
    }
    i = j;
  }
  const std::size_t count = out.points.size() - start;
  if (count >= 2) {
    out.sizes.push_back(static_cast<int>(count));
  } else {
    out.points.resize(start);
  }
}

}  // namespace

namespace detail {

void BuildPolylines(std::span<const double> xs, std::span<const double> ys, const Transform& tx,
                    const Transform& ty, ImVec2 clip_min, ImVec2 clip_max, Polylines& out) {
  out.points.clear();
  out.sizes.clear();
  const double box[4] = {clip_min.x, clip_min.y, clip_max.x, clip_max.y};
  const std::size_t n = std::min(xs.size(), ys.size());
  std::vector<ImVec2> run;  // the current polyline before thinning
  auto flush = [&] {
    if (run.size() >= 2) ThinInto(run, out);
    run.clear();
  };
  run.reserve(std::min<std::size_t>(n, 1 << 16));
  bool have_prev = false, prev_inside = false;
  double prev_x = 0, prev_y = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double px = tx.ToPixel(xs[i]), py = ty.ToPixel(ys[i]);
    if (std::isnan(px) || std::isnan(py)) {  // NaN data, or y <= 0 on a log axis
      flush();
      have_prev = false;
      continue;
    }
    px = std::clamp(px, -kFar, kFar);  // also catches ±inf
    py = std::clamp(py, -kFar, kFar);
    const bool inside = px >= box[0] && px <= box[2] && py >= box[1] && py <= box[3];
    if (have_prev && inside && prev_inside && !run.empty()) {
      run.push_back(ImVec2(static_cast<float>(px), static_cast<float>(py)));  // the usual case
    } else if (have_prev) {
      double x0 = prev_x, y0 = prev_y, x1 = px, y1 = py;
      bool c0 = false, c1 = false;
      if (ClipSegment(x0, y0, x1, y1, box, c0, c1)) {
        // A segment re-entering the box starts a new polyline: joining along the box edge
        // would draw outside the clip rectangle anyway.
        if (run.empty() || c0) {
          flush();
          run.push_back(ImVec2(static_cast<float>(x0), static_cast<float>(y0)));
        }
        run.push_back(ImVec2(static_cast<float>(x1), static_cast<float>(y1)));
        if (c1) flush();
      } else {
        flush();
      }
    }
    prev_x = px;
    prev_y = py;
    prev_inside = inside;
    have_prev = true;
  }
  flush();
}

}  // namespace detail

namespace {

// ---- Drawing -----------------------------------------------------------------------------

// What only the interactive widget adds on top of the plot.
struct Overlay {
  std::optional<float> hover_x;  // mouse crosshair, pixels
  bool box = false;              // box zoom in progress
  ImRect box_rect;
  bool readout = false;
  double mouse_x = 0, mouse_y = 0;
};

// The middle of a line of `width` pixels on whole pixels, so 1-px grid lines are crisp.
float Snap(double p, float width) {
  return std::round(static_cast<float>(p) - width / 2) + width / 2;
}

void DrawDashed(ImDrawList* dl, const ImVec2* pts, int n, ImU32 col, float thickness, float on,
                float off, std::vector<ImVec2>& dash) {
  bool drawing = true;
  float left = on;  // length left in the current dash or gap
  dash.clear();
  dash.push_back(pts[0]);
  for (int i = 1; i < n; ++i) {
    const ImVec2 a = pts[i - 1], b = pts[i];
    const float len = std::sqrt(ImLengthSqr(b - a));
    float t = 0;
    while (len - t > left) {
      t += left;
      const ImVec2 p = a + (b - a) * (t / len);
      if (drawing) {
        dash.push_back(p);
        dl->AddPolyline(dash.data(), static_cast<int>(dash.size()), col, ImDrawFlags_None,
                        thickness);
      }
      dash.clear();
      dash.push_back(p);
      drawing = !drawing;
      left = drawing ? on : off;
    }
    left -= len - t;
    if (drawing) dash.push_back(b);
  }
  if (drawing && dash.size() >= 2) {
    dl->AddPolyline(dash.data(), static_cast<int>(dash.size()), col, ImDrawFlags_None, thickness);
  }
}

ImU32 WithAlpha(ImU32 col, int alpha) {
  return (col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

void DrawLegend(ImDrawList* dl, const Layout& L, const PlotSpec& spec, const Style& st,
                const Metrics& m) {
  if (!spec.legend || !m.font) return;
  float text_w = 0;
  int rows = 0;
  for (const Series& s : spec.series) {
    if (s.label.empty()) continue;
    text_w = std::max(text_w, TextSize(m, s.label).x);
    ++rows;
  }
  if (rows == 0) return;
  const float sc = m.scale, fs = m.font_size;
  const float inner = 6 * sc, swatch = 22 * sc, row_h = fs + 3 * sc;
  const ImVec2 min = L.plot.Min + ImVec2(8 * sc, 8 * sc);
  const ImVec2 max =
      min + ImVec2(2 * inner + swatch + inner + text_w, 2 * inner + rows * row_h - 3 * sc);
  dl->AddRectFilled(min, max, st.legend_bg, 3 * sc);
  dl->AddRect(min, max, st.frame, 3 * sc, ImDrawFlags_None, sc);
  std::vector<ImVec2> dash;
  int row = 0;
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const Series& s = spec.series[i];
    if (s.label.empty()) continue;
    const float y = min.y + inner + row * row_h;
    const float mid = std::round(y + fs / 2);
    const ImVec2 line[2] = {ImVec2(min.x + inner, mid), ImVec2(min.x + inner + swatch, mid)};
    const float th = std::clamp(s.thickness, 1.0f, 4.0f) * sc;
    const ImU32 col = st.SeriesColor(s, i);
    if (s.dashed) {
      DrawDashed(dl, line, 2, col, th, 6 * sc, 4 * sc, dash);
    } else {
      dl->AddPolyline(line, 2, col, ImDrawFlags_None, th);
    }
    Text(dl, m, ImVec2(min.x + 2 * inner + swatch, y), st.text, s.label);
    ++row;
  }
}

void DrawReadout(ImDrawList* dl, const Layout& L, const Style& st, const Metrics& m,
                 const Overlay& ov) {
  if (!ov.readout || !m.font) return;
  std::string y;
  if (L.yt.step > 0) {
    y = FormatTick(ov.mouse_y, L.yt.step / 100);
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", ov.mouse_y);
    y = buf;
  }
  const std::string text = Typeset(FormatTick(ov.mouse_x, L.xt.step / 100) + ",  " + y, m);
  const ImVec2 size = TextSize(m, text);
  const float inner = 4 * m.scale;
  const ImVec2 max = L.plot.Max - ImVec2(6 * m.scale, 6 * m.scale);
  const ImVec2 min = max - size - ImVec2(2 * inner, 2 * inner);
  dl->AddRectFilled(min, max, st.legend_bg, 3 * m.scale);
  Text(dl, m, min + ImVec2(inner, inner), st.text_dim, text);
}

// What every part of a plot's drawing needs: the list, the layout, the axes' transforms.
struct Canvas {
  ImDrawList* dl;
  const Layout& L;
  const Style& st;
  const Metrics& m;
  Transform tx, ty;
  const ImRect& P() const { return L.plot; }
  // Whole-height and whole-width lines, on whole pixels.
  void VLine(double px, ImU32 col, float w) const {
    const float xs = Snap(px, w);
    dl->AddLine(ImVec2(xs, P().Min.y), ImVec2(xs, P().Max.y), col, w);
  }
  void HLine(double py, ImU32 col, float w) const {
    const float ys = Snap(py, w);
    dl->AddLine(ImVec2(P().Min.x, ys), ImVec2(P().Max.x, ys), col, w);
  }
};

// Bands under everything else, so the grid still reads through them.
void DrawBands(const Canvas& c, std::span<const Band> bands) {
  const ImRect& P = c.P();
  for (const Band& b : bands) {
    double p0 = c.tx.ToPixel(b.x0), p1 = c.tx.ToPixel(b.x1);
    if (std::isnan(p0) || std::isnan(p1)) continue;
    if (p0 > p1) std::swap(p0, p1);
    p0 = std::max(p0, static_cast<double>(P.Min.x));
    p1 = std::min(p1, static_cast<double>(P.Max.x));
    if (p1 <= p0) continue;
    c.dl->AddRectFilled(ImVec2(static_cast<float>(p0), P.Min.y),
                        ImVec2(static_cast<float>(p1), P.Max.y),
                        b.color != 0 ? b.color : c.st.band);
  }
}

// Grid: minor, then major, then the axes x = 0 and y = 0 slightly stronger.
void DrawGrid(const Canvas& c, Range x, Range y, Scale y_scale) {
  const float w = c.m.scale;
  for (double v : c.L.xt.minor)
    c.VLine(c.tx.ToPixel(v), c.st.grid_minor, w);
  for (double v : c.L.yt.minor)
    c.HLine(c.ty.ToPixel(v), c.st.grid_minor, w);
  for (double v : c.L.xt.major)
    c.VLine(c.tx.ToPixel(v), c.st.grid, w);
  for (double v : c.L.yt.major)
    c.HLine(c.ty.ToPixel(v), c.st.grid, w);
  const float axis_w = std::round(1.5f * w);
  if (x.lo <= 0 && 0 <= x.hi) c.VLine(c.tx.ToPixel(0), c.st.axis, axis_w);
  if (y_scale == Scale::kLinear && y.lo <= 0 && 0 <= y.hi)
    c.HLine(c.ty.ToPixel(0), c.st.axis, axis_w);
}

// Heatmaps over the grid: neighbouring cells share their edges' exact pixel positions, so no
// seam shows between them.
void DrawHeatmap(const Canvas& c, const Heatmap& h) {
  if (h.cols < 1 || h.rows < 1 || h.colors.empty() ||
      h.values.size() < static_cast<std::size_t>(h.cols) * static_cast<std::size_t>(h.rows))
    return;
  const ImRect& P = c.P();
  std::vector<float> xs(static_cast<std::size_t>(h.cols) + 1),
      ys(static_cast<std::size_t>(h.rows) + 1);
  for (int i = 0; i <= h.cols; ++i)
    xs[static_cast<std::size_t>(i)] = static_cast<float>(
        std::clamp(c.tx.ToPixel(h.x0 + (h.x1 - h.x0) * i / h.cols), P.Min.x - 1.0, P.Max.x + 1.0));
  for (int j = 0; j <= h.rows; ++j)
    ys[static_cast<std::size_t>(j)] = static_cast<float>(
        std::clamp(c.ty.ToPixel(h.y0 + (h.y1 - h.y0) * j / h.rows), P.Min.y - 1.0, P.Max.y + 1.0));
  const double span = h.hi > h.lo ? h.hi - h.lo : 1;
  const double last = static_cast<double>(h.colors.size() - 1);
  for (int j = 0; j < h.rows; ++j)
    for (int i = 0; i < h.cols; ++i) {
      const float v = h.values[static_cast<std::size_t>(j) * static_cast<std::size_t>(h.cols) +
                               static_cast<std::size_t>(i)];
      if (std::isnan(v)) continue;
      const ImVec2 a(xs[static_cast<std::size_t>(i)], ys[static_cast<std::size_t>(j)]),
          b(xs[static_cast<std::size_t>(i) + 1], ys[static_cast<std::size_t>(j) + 1]);
      if (a.x == b.x || a.y == b.y) continue;
      const double t = std::clamp((v - h.lo) / span, 0.0, 1.0);
      c.dl->AddRectFilled(ImMin(a, b), ImMax(a, b),
                          h.colors[static_cast<std::size_t>(std::lround(t * last))]);
    }
}

// Series, clipped geometrically a little outside the plot so line ends never show.
void DrawSeries(const Canvas& c, std::span<const Series> series) {
  const float sc = c.m.scale;
  detail::Polylines lines;
  std::vector<ImVec2> dash;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const float th = std::max(0.5f, s.thickness) * sc;
    const float margin = th / 2 + 2 * sc + 1;
    detail::BuildPolylines(s.x, s.y, c.tx, c.ty, c.P().Min - ImVec2(margin, margin),
                           c.P().Max + ImVec2(margin, margin), lines);
    const ImU32 col = c.st.SeriesColor(s, i);
    const float unit = std::max(1.0f, s.thickness / 2) * sc;
    const ImVec2* pts = lines.points.data();
    for (int count : lines.sizes) {
      if (s.dashed)
        DrawDashed(c.dl, pts, count, col, th, 6 * unit, 4 * unit, dash);
      else
        c.dl->AddPolyline(pts, count, col, ImDrawFlags_None, th);
      pts += count;
    }
  }
}

// Markers: filled = closed end, hollow (background inside a ring) = open end.
void DrawMarkers(const Canvas& c, std::span<const Marker> markers) {
  const ImRect& P = c.P();
  const float sc = c.m.scale, r = 4.5f * sc;
  for (const Marker& mk : markers) {
    const double px = c.tx.ToPixel(mk.x), py = c.ty.ToPixel(mk.y);
    if (!(px >= P.Min.x - r - 2 && px <= P.Max.x + r + 2)) continue;  // also NaN
    if (!(py >= P.Min.y - r - 2 && py <= P.Max.y + r + 2)) continue;
    const ImVec2 at(static_cast<float>(px), static_cast<float>(py));
    const ImU32 col = mk.color != 0 ? mk.color : c.st.palette[0];
    if (mk.filled) {
      c.dl->AddCircleFilled(at, r, col);
    } else {
      c.dl->AddCircleFilled(at, r, c.st.background);
      c.dl->AddCircle(at, r - 0.75f * sc, col, 0, 1.5f * sc);
    }
  }
}

// Crosshairs (the linked cursor, and the mouse) and the zoom box.
void DrawCursors(const Canvas& c, std::optional<double> cursor_x, const Overlay* ov) {
  const float sc = c.m.scale;
  if (cursor_x) {
    const double px = c.tx.ToPixel(*cursor_x);
    if (px >= c.P().Min.x && px <= c.P().Max.x) c.VLine(px, c.st.crosshair, sc);
  }
  if (ov && ov->hover_x) c.VLine(*ov->hover_x, c.st.crosshair, sc);
  if (ov && ov->box) {
    c.dl->AddRectFilled(ov->box_rect.Min, ov->box_rect.Max, c.st.selection);
    c.dl->AddRect(ov->box_rect.Min, ov->box_rect.Max, WithAlpha(c.st.selection, 200), 0,
                  ImDrawFlags_None, sc);
  }
}

// Tick labels, axis labels and the title, kept inside the widget (shifted rather than cut off).
void DrawLabels(const Canvas& c, const PlotSpec& spec) {
  const Metrics& m = c.m;
  const Layout& L = c.L;
  const ImRect &P = L.plot, &F = L.frame;
  const float fs = m.font_size;
  for (std::size_t i = 0; i < L.xt.major.size(); ++i) {
    const double px = c.tx.ToPixel(L.xt.major[i]);
    const float w = TextSize(m, L.xt.labels[i]).x;
    const float left =
        std::clamp(static_cast<float>(px) - w / 2, F.Min.x, std::max(F.Min.x, F.Max.x - w));
    Text(c.dl, m, ImVec2(left, L.x_ticks_top), c.st.text_dim, L.xt.labels[i]);
  }
  float last_label_y = FLT_MAX;  // linear ticks on a log axis crowd at the top: skip overlaps
  for (std::size_t i = 0; i < L.yt.major.size(); ++i) {
    const double py = c.ty.ToPixel(L.yt.major[i]);
    if (last_label_y - py < 1.2f * fs) continue;
    last_label_y = static_cast<float>(py);
    const float w = TextSize(m, L.yt.labels[i]).x;
    const float top =
        std::clamp(static_cast<float>(py) - fs / 2, F.Min.y, std::max(F.Min.y, F.Max.y - fs));
    Text(c.dl, m, ImVec2(P.Min.x - m.gap - w, top), c.st.text_dim, L.yt.labels[i]);
  }
  auto centred_x = [&](std::string_view text) {
    const float w = TextSize(m, text).x;
    return std::clamp(P.GetCenter().x - w / 2, F.Min.x, std::max(F.Min.x, F.Max.x - w));
  };
  if (!spec.x_label.empty())
    Text(c.dl, m, ImVec2(centred_x(spec.x_label), F.Max.y - m.pad - fs), c.st.text, spec.x_label);
  if (!spec.y_label.empty()) {
    const float w = TextSize(m, spec.y_label).x;
    const float bottom =
        std::clamp(P.GetCenter().y + w / 2, std::min(F.Max.y, F.Min.y + w), F.Max.y);
    TextVertical(c.dl, m, ImVec2(F.Min.x + m.pad, bottom), c.st.text, spec.y_label);
  }
  if (!spec.title.empty())
    Text(c.dl, m, ImVec2(centred_x(spec.title), F.Min.y + m.pad), c.st.text, spec.title);
}

// The whole plot, back to front.
void Draw(ImDrawList* dl, const Layout& L, Range x, Range y, const PlotSpec& spec, const Style& st,
          const Metrics& m, const Overlay* ov) {
  const ImRect& P = L.plot;
  const Canvas c{dl,
                 L,
                 st,
                 m,
                 Transform(x, Scale::kLinear, P.Min.x, P.Max.x),
                 Transform(y, spec.y_scale, P.Max.y, P.Min.y)};
  if ((st.canvas & IM_COL32_A_MASK) != 0) dl->AddRectFilled(L.frame.Min, L.frame.Max, st.canvas);
  dl->AddRectFilled(P.Min, P.Max, st.background);
  dl->PushClipRect(P.Min, P.Max, true);
  DrawBands(c, spec.bands);
  DrawGrid(c, x, y, spec.y_scale);
  for (const Heatmap& h : spec.heatmaps)
    DrawHeatmap(c, h);
  DrawSeries(c, spec.series);
  DrawMarkers(c, spec.markers);
  DrawCursors(c, spec.cursor_x, ov);
  DrawLegend(dl, L, spec, st, m);
  if (ov) DrawReadout(dl, L, st, m, *ov);
  dl->PopClipRect();
  dl->AddRect(P.Min, P.Max, st.frame, 0, ImDrawFlags_None, m.scale);
  if (m.font) DrawLabels(c, spec);
}

// The range of one axis over the finite data of all series (y: in the plot's scale); the
// current view when there is no usable data.
Range FitSeries(const PlotSpec& spec, bool y_axis, Range current) {
  const Scale scale = y_axis ? spec.y_scale : Scale::kLinear;
  std::vector<double> extremes;
  for (const Series& s : spec.series) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    const std::span<const double> v = (y_axis ? s.y : s.x).first(n);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double d : v) {
      if (!std::isfinite(ToAxis(d, scale))) continue;
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    if (lo <= hi) {
      extremes.push_back(lo);
      extremes.push_back(hi);
    }
  }
  if (extremes.empty()) return current;
  return FitRange(extremes, scale);
}

// A log view needs positive bounds; a view left over from a linear axis is refitted.
Range RepairY(const PlotSpec& spec, Range y) {
  if (spec.y_scale == Scale::kLog10 && !(y.lo > 0 && y.hi > 0)) {
    y = FitSeries(spec, true, Range{0.1, 10});
  }
  return Sanitize(y, spec.y_scale);
}

// ---- Gestures ----------------------------------------------------------------------------

constexpr int kX = 1, kY = 2;

// Which axes the mouse acts on: over the tick labels of one axis, that axis alone.
int HoverAxes(const ImRect& P, ImVec2 mp) {
  if (mp.y > P.Max.y && mp.x >= P.Min.x && mp.x <= P.Max.x) return kX;
  if (mp.x < P.Min.x && mp.y >= P.Min.y && mp.y <= P.Max.y) return kY;
  return kX | kY;
}

// Left drag pans the axes chosen where the drag began (`axes`, kept by the widget),
// following the mouse. True when the view moved.
bool Pan(int* axes, bool held, bool just_pressed, int hover_axes, const Transform& tx,
         const Transform& ty, Scale y_scale, Range& x, Range& y) {
  if (held && just_pressed) *axes = hover_axes;
  const ImVec2 d = ImGui::GetIO().MouseDelta;
  if (!held || (d.x == 0 && d.y == 0)) return false;
  if ((*axes & kX) && d.x != 0) x = Pan(x, -d.x / tx.PixelsPerAxisUnit());
  if ((*axes & kY) && d.y != 0) y = Pan(y, -d.y / ty.PixelsPerAxisUnit(), y_scale);
  return true;
}

struct BoxZoom {
  bool boxing = false;        // the right button is drawing a box
  bool x = false, y = false;  // the box spans enough of each axis to zoom it
  bool zoomed = false;        // released: the view is the box
  ImRect rect;
};

// Right drag draws the zoom box; a box thinner than kMinBox on one side zooms the other axis
// only (and is drawn full-height or full-width to say so). `boxing` is kept by the widget.
BoxZoom ZoomBox(bool* boxing, bool held, ImVec2 mp, const ImRect& P, const Transform& tx,
                const Transform& ty, Scale y_scale, Range& x, Range& y) {
  constexpr float kMinBox = 5;
  BoxZoom b;
  if (held && !*boxing) *boxing = true;
  b.boxing = *boxing;
  if (!b.boxing) return b;
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 from = ImClamp(io.MouseClickedPos[ImGuiMouseButton_Right], P.Min, P.Max);
  const ImVec2 to = ImClamp(mp, P.Min, P.Max);
  b.rect = ImRect(ImMin(from, to), ImMax(from, to));
  b.x = b.rect.GetWidth() >= kMinBox;
  b.y = b.rect.GetHeight() >= kMinBox;
  if (!b.y) b.rect.Min.y = P.Min.y, b.rect.Max.y = P.Max.y;
  if (!b.x) b.rect.Min.x = P.Min.x, b.rect.Max.x = P.Max.x;
  if (held) return b;
  *boxing = b.boxing = false;  // released (or the widget lost the mouse)
  if (io.MouseReleased[ImGuiMouseButton_Right] && (b.x || b.y)) {
    if (b.x) x = Sanitize({tx.FromPixel(b.rect.Min.x), tx.FromPixel(b.rect.Max.x)});
    if (b.y) y = Sanitize({ty.FromPixel(b.rect.Max.y), ty.FromPixel(b.rect.Min.y)}, y_scale);
    b.zoomed = true;
  }
  return b;
}

// Wheel zoom about the cursor: up zooms in. Shift: x only, Ctrl: y only. Some platforms turn
// Shift+wheel into a horizontal wheel, which counts the same. True when the view changed.
bool WheelZoom(int axes, ImVec2 mp, const Transform& tx, const Transform& ty, Scale y_scale,
               Range& x, Range& y) {
  const ImGuiIO& io = ImGui::GetIO();
  float wheel = io.MouseWheel;
  if (wheel == 0 && io.KeyShift) wheel = io.MouseWheelH;
  if (wheel == 0) return false;
  if (io.KeyShift && !io.KeyCtrl) axes &= kX;
  if (io.KeyCtrl && !io.KeyShift) axes &= kY;
  const double factor = std::pow(1.2, -static_cast<double>(wheel));
  if (axes & kX) x = ZoomAbout(x, tx.FromPixel(mp.x), factor);
  if (axes & kY) y = ZoomAbout(y, ty.FromPixel(mp.y), factor, y_scale);
  return axes != 0;
}

}  // namespace

// ---- Render ------------------------------------------------------------------------------

void Render(ImDrawList* dl, ImVec2 min, ImVec2 max, const Range& x, const Range& y,
            const PlotSpec& spec, const Style& style, float scale, ImFont* font) {
  if (!dl || !(max.x > min.x) || !(max.y > min.y)) return;
  if (!(scale > 0) || !std::isfinite(scale)) scale = 1;
  ImGuiIO& io = ImGui::GetIO();
  if (!font) font = ImGui::GetFont();
  if (!font && io.Fonts->Fonts.Size > 0) font = io.Fonts->Fonts[0];
  if (font && !font->IsLoaded()) font = nullptr;
  const Metrics m = MakeMetrics(style, scale, font);
  const Range rx = Sanitize(x), ry = RepairY(spec, y);
  const Layout L = ComputeLayout(ImRect(min, max), rx, ry, spec, m);

  const ImDrawListFlags saved_flags = dl->Flags;
  dl->Flags |= ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill;
  dl->PushClipRect(min, max, true);
  dl->PushTextureID(font ? font->ContainerAtlas->TexID : io.Fonts->TexID);
  Draw(dl, L, rx, ry, spec, style, m, nullptr);
  dl->PopTextureID();
  dl->PopClipRect();
  dl->Flags = saved_flags;
}

// ---- Plot --------------------------------------------------------------------------------

Interaction Plot(const char* id, Range& x, Range& y, const PlotSpec& spec, const Style& style,
                 ImVec2 size) {
  Interaction out;
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return out;
  ImGuiContext& g = *GImGui;
  ImGuiIO& io = g.IO;

  const ImGuiID gid = window->GetID(id);
  const float fs = style.font_size > 0 ? style.font_size : ImGui::GetFontSize();
  ImVec2 sz = ImGui::CalcItemSize(size, ImGui::GetContentRegionAvail().x, 20 * fs);
  sz = ImMax(sz, ImVec2(8 * fs, 6 * fs));
  const ImRect bb(window->DC.CursorPos, window->DC.CursorPos + sz);
  ImGui::ItemSize(bb);
  out.plot_min = bb.Min;
  out.plot_max = bb.Max;
  if (!ImGui::ItemAdd(bb, gid)) return out;

  bool hovered = false, held = false;
  ImGui::ButtonBehavior(bb, gid, &hovered, &held,
                        ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  ImGui::SetItemUsingMouseWheel();  // the wheel zooms here instead of scrolling the window

  // Views the caller left invalid (NaN, inverted, non-positive on log) are repaired first.
  {
    const Range nx = Sanitize(x), ny = RepairY(spec, y);
    if (!(nx == x) || !(ny == y)) out.changed = true;
    x = nx;
    y = ny;
  }

  const Metrics m = MakeMetrics(style, 1, ImGui::GetFont());
  Layout L = ComputeLayout(bb, x, y, spec, m);
  ImRect P = L.plot;
  Transform tx(x, Scale::kLinear, P.Min.x, P.Max.x);
  Transform ty(y, spec.y_scale, P.Max.y, P.Min.y);

  const ImVec2 mp = io.MousePos;
  const int hover_axes = HoverAxes(P, mp);
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const bool left_held = held && g.ActiveIdMouseButton == ImGuiMouseButton_Left;
  const bool right_held = held && g.ActiveIdMouseButton == ImGuiMouseButton_Right;
  if (Pan(storage->GetIntRef(ImHashStr("drag_axes", 0, gid), kX | kY), left_held,
          g.ActiveIdIsJustActivated, hover_axes, tx, ty, spec.y_scale, x, y))
    out.changed = true;
  if (left_held) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
  BoxZoom box = ZoomBox(storage->GetBoolRef(ImHashStr("box_zoom", 0, gid)), right_held, mp, P, tx,
                        ty, spec.y_scale, x, y);
  if (box.zoomed) out.changed = true;
  if (hovered && !box.boxing && WheelZoom(hover_axes, mp, tx, ty, spec.y_scale, x, y))
    out.changed = true;
  // Double-click fits the view to the data.
  if (hovered && io.MouseDoubleClicked[ImGuiMouseButton_Left]) {
    if (hover_axes & kX) x = FitSeries(spec, false, x);
    if (hover_axes & kY) y = FitSeries(spec, true, y);
    out.changed = true;
  }

  if (out.changed) {  // the margins follow the new tick labels
    L = ComputeLayout(bb, x, y, spec, m);
    P = L.plot;
    tx = Transform(x, Scale::kLinear, P.Min.x, P.Max.x);
    ty = Transform(y, spec.y_scale, P.Max.y, P.Min.y);
    if (box.boxing)
      box.rect = ImRect(ImClamp(box.rect.Min, P.Min, P.Max), ImClamp(box.rect.Max, P.Min, P.Max));
  }

  out.plot_min = P.Min;
  out.plot_max = P.Max;
  out.hovered = (hovered || held) && P.Contains(mp);
  if (out.hovered) {
    out.mouse_x = tx.FromPixel(mp.x);
    out.mouse_y = ty.FromPixel(mp.y);
  }

  Overlay ov;
  if (out.hovered) ov.hover_x = mp.x;
  ov.box = box.boxing && (box.x || box.y);
  ov.box_rect = box.rect;
  ov.readout = out.hovered && spec.mouse_readout;
  ov.mouse_x = out.mouse_x;
  ov.mouse_y = out.mouse_y;
  Draw(window->DrawList, L, x, y, spec, style, m, &ov);
  return out;
}

}  // namespace actviz::plot
