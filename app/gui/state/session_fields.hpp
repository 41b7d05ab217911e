// The session file's fields, described once. One function per section of AppState visits its
// fields in order, and every pass over a session is a visitor of these functions: the reader
// (checks each field's type and range, names what it rejects), the writer (session.cpp), and
// the tests' visitors (one that counts the fields of each section against its struct, one
// that changes one field at a time to prove it is written and read back). So the reader and
// the writer cannot drift, and a field added to a struct fails the count until it is visited:
// saved, or marked Unsaved with the reason.
//
// A visitor V has, for a field `key` of the current JSON object:
//   Bool(key, b)                  Number(key, x, lo, hi)   (whole numbers for integer fields)
//   OneOf(key, x, {a, b, c})      Range(key, r)            Pair(key, lo, hi) (two fields as one)
//   Enum(key, e, rows)            Text(key, s, max_bytes)  (no NUL)
//   TextList(key, v, n, max_bytes) (at most n texts)
//   Unsaved(what)                 a field that is not saved (the reason beside the call)
// and for the parts of the file with a shape of their own: Function, AllParams, Pins, Logits,
// LossPins, TabPosition. Section(key, f) visits f's fields in the object `key` (one object
// may hold several sections: "ui" holds the UI's and the export's); Member(name, f) marks
// where each member of AppState is visited, for the counting test.
#pragma once

#include "actviz/formula/formula.hpp"
#include "actviz/networks/depth.hpp"
#include "actviz/networks/train.hpp"
#include "figure/names.hpp"
#include "gui/state/state.hpp"

namespace actviz::gui::session {

inline constexpr double kMaxSeed = 2147483647;
inline constexpr std::size_t kMaxPathBytes = 4096;

template <class V, class S>
void VisitFunctions(V& v, S& f) {
  v.AllParams("parameters", f);  // first: the selected function is checked against them
  v.Function("function", f.selected, f.params);
  v.TextList("formulas", f.history, kFormulaHistory, formula::kMaxChars);
  v.Unsaved("the formula field's text, until it is applied");
  v.Unsaved("the formula field's message");
}

template <class V, class S>
void VisitPlots(V& v, S& p) {
  v.Range("x", p.x);
  v.Range("y_f", p.y_f);
  v.Range("y_df", p.y_df);
  v.Bool("log_df", p.log_df);
  v.Bool("shade_saturation", p.shade_saturation);
  v.Bool("fit_on_select", p.fit_on_select);
  v.Bool("inverse", p.inverse);
  v.Bool("mark", p.mark);
  v.Number("mark_x", p.mark_x, -1e6, 1e6);
  v.Enum("as_written", p.as_written, kAsWrittenViews);
  v.Range("y_ulp", p.y_ulp);
}

template <class V, class S>
void VisitFamily(V& v, S& f) {
  v.Bool("on", f.on);
  v.Number("param", f.param, 0, kMaxParams - 1);
  v.Number("from", f.from, -1e6, 1e6);
  v.Number("to", f.to, -1e6, 1e6);
  v.Number("n", f.n, 2, 16);
  v.Bool("geometric", f.geometric);
}

template <class V, class S>
void VisitDerivativeCheck(V& v, S& d) {
  v.Bool("open", d.open);
  v.Number("log10_h", d.log10_h, -15, -1);
  v.Bool("forward", d.forward);
  v.Bool("central", d.central);
  v.Range("y_err", d.y_err);
}

template <class V, class S>
void VisitDistributions(V& v, S& d) {
  v.Enum("dist", d.dist, figure::kDistributions);
  v.Number("samples", d.n, 1, 1e7);
  v.Number("bins", d.bins, 1, 500);
  v.Number("scale", d.scale, 1e-6, 1e6);
  v.Number("seed", d.seed, 0, kMaxSeed);
  v.Bool("density", d.density);
  v.Bool("log_counts", d.log_counts);
  v.Bool("exact", d.exact);
  v.Range("in_x", d.in_x);
  v.Range("in_y", d.in_y);
  v.Range("out_x", d.out_x);
  v.Range("out_y", d.out_y);
  v.Bool("follow", d.follow);
}

template <class V, class S>
void VisitImage(V& v, S& im) {
  v.Text("photo", im.path, kMaxPathBytes);
  v.Enum("gray", im.gray, figure::kGrayModes);
  v.Enum("center", im.center, figure::kCenterModes);
  v.Number("center_value", im.center_value, 0, 1);
  v.Number("gain", im.gain, 0.1, 100);
  v.Bool("auto_range", im.auto_range);
  v.Pair("range", im.lo, im.hi);
  v.Enum("colormap", im.colormap, figure::kColormaps);
  v.Number("zoom", im.zoom, 0, 1e6);  // 0: fit
  v.Number("cx", im.cx, 0, 1);
  v.Number("cy", im.cy, 0, 1);
}

template <class V, class S>
void VisitFigure(V& v, S& f) {
  v.Number("width", f.width, 64, 4096);
  v.Number("height", f.height, 64, 4096);
  v.Enum("theme", f.theme, figure::kThemes);
}

template <class V, class S>
void VisitDepth(V& v, S& d) {
  v.Number("layers", d.layers, 1, 200);
  v.Number("width", d.width, 16, 2048);
  v.Number("batch", d.batch, 100, 10000);
  v.Enum("init", d.init, InitNames());
  v.Bool("gain_auto", d.gain_auto);
  v.Number("gain", d.gain, 0, 10);
  v.Bool("direct", d.direct);
  v.Number("sigma_w", d.sigma_w, 0, 10);
  v.Number("sigma_b", d.sigma_b, 0, 10);
  v.Number("seed", d.seed, 0, kMaxSeed);
  v.Bool("show_post", d.show_post);
}

template <class V, class S>
void VisitNetworks(V& v, S& n) {
  v.Enum("task", n.task, TaskNames());
  v.Enum("model", n.model, ModelNames());
  v.Text("hidden", n.hidden, 400);  // kept as typed (the tab says what is wrong with it)
  v.Text("per_layer", n.per_layer, 2000);
  v.Number("theta", n.theta, -5, 5);
  v.Bool("freeze_params", n.freeze_params);
  v.Enum("output", n.output, OutputNames());
  v.Enum("loss", n.loss, LossNames());
  v.Enum("optimizer", n.optimizer, OptimizerNames());
  v.Number("lr", n.lr, 1e-5, 10);
  v.Number("batch", n.batch, 1, 1000000);
  v.Number("epochs", n.epochs, 1, 1000000);
  v.Number("seed", n.seed, 0, kMaxSeed);
  v.Number("epochs_per_second", n.epochs_per_second, 0, 100000);
  v.Bool("playing", n.playing);
  v.LossPins("pins", n.pins);
}

template <class V, class S>
void VisitSoftmax(V& v, S& m) {
  v.OneOf("reach", m.reach, {10.0, 100.0, 1000.0});  // first: it bounds the logits
  v.Logits("logits", m.k, m.z, m.reach);             // two fields: k and z
  v.Number("temperature", m.temperature, 0.01, 100);
  v.Bool("softmin", m.softmin);
  v.Bool("show_log", m.show_log);
  v.Bool("naive", m.naive);
  v.Bool("tropical", m.tropical);
  v.Number("tropical_t", m.tropical_t, 1.01, 1e6);
}

template <class V, class S>
void VisitExport(V& v, S& e) {
  v.OneOf("export_scale", e.scale, {1, 2, 4});
  v.Enum("export_map_format", e.map_format, kMapFormats);
  v.Text("export_directory", e.directory, kMaxPathBytes);
}

template <class V, class S>
void VisitUi(V& v, S& u) {
  v.Enum("theme", u.theme, figure::kThemes);
  v.Unsaved("search");  // a filter typed to find a function: a new run shows the whole list
  v.Bool("show_facts", u.show_facts);
  v.TabPosition("tab", u.tab);
}

// The whole state, member by member of AppState.
template <class V, class S>
void VisitState(V& v, S& s) {
  v.Member("fn", [&] { VisitFunctions(v, s.fn); });
  v.Member("pins", [&] { v.Pins("pins", s.pins); });
  v.Member("plots", [&] { v.Section("view", [&] { VisitPlots(v, s.plots); }); });
  v.Member("family", [&] { v.Section("family", [&] { VisitFamily(v, s.family); }); });
  v.Member("deriv",
           [&] { v.Section("derivative_check", [&] { VisitDerivativeCheck(v, s.deriv); }); });
  v.Member("distributions",
           [&] { v.Section("distributions", [&] { VisitDistributions(v, s.distributions); }); });
  v.Member("image", [&] { v.Section("map", [&] { VisitImage(v, s.image); }); });
  v.Member("figure", [&] { v.Section("figure", [&] { VisitFigure(v, s.figure); }); });
  v.Member("depth", [&] { v.Section("depth", [&] { VisitDepth(v, s.depth); }); });
  v.Member("networks", [&] { v.Section("networks", [&] { VisitNetworks(v, s.networks); }); });
  v.Member("softmax", [&] { v.Section("softmax", [&] { VisitSoftmax(v, s.softmax); }); });
  v.Member("exporting", [&] { v.Section("ui", [&] { VisitExport(v, s.exporting); }); });
  v.Member("ui", [&] { v.Section("ui", [&] { VisitUi(v, s.ui); }); });
  v.Unsaved("notice");  // the status line's message belongs to the run that showed it
}

}  // namespace actviz::gui::session
