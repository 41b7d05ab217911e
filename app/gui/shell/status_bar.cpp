// The bottom line, the window's one place for errors and notices: its height is reserved by
// App::Frame before the panels are laid out, so it is on screen at any window size. Errors
// in the error colour stay until dismissed or replaced; other notices fade after a few
// seconds. A message too long for the line is cut with "…" and shown whole on hover.
#include <imgui.h>

#include <string>

#include "figure/theme.hpp"
#include "gui/shell/shared.hpp"

namespace actviz::gui {
namespace {

// The longest prefix of `text` (at a UTF-8 character boundary) that fits `width` with "…".
std::string Elide(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  const char* ellipsis = "…";
  const float room = width - ImGui::CalcTextSize(ellipsis).x;
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {  // the largest n with width(text[0, n)) <= room
    const std::size_t mid = (lo + hi + 1) / 2;
    if (ImGui::CalcTextSize(text.data(), text.data() + mid).x <= room)
      lo = mid;
    else
      hi = mid - 1;
  }
  while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80)
    --lo;
  return text.substr(0, lo) + ellipsis;
}

}  // namespace

void DrawStatusBar(AppState& s, App::Shared& sh) {
  ImGui::BeginChild("##status", ImVec2(0, 0), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  // An export in the background: what, how far, and a way to stop it.
  if (sh.export_job.busy()) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Exporting %s…", sh.export_job.what().c_str());
    ImGui::SameLine();
    ImGui::ProgressBar(sh.export_job.progress(), ImVec2(ImGui::GetFontSize() * 12, 0));
    ImGui::SameLine();
    if (ImGui::Button("Cancel##export")) sh.export_job.Cancel();
    ImGui::EndChild();
    return;
  }
  Notice& n = s.notice;
  const bool expired = !n.error && n.shown_at >= 0 && ImGui::GetTime() - n.shown_at > 6;
  if (n.text.empty() || expired) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Drag to pan · wheel to zoom · double-click to fit · hover for values");
    ImGui::EndChild();
    return;
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const char* dismiss = "Dismiss";
  const float button_w = n.error ? ImGui::CalcTextSize(dismiss).x + style.FramePadding.x * 2 : 0;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float text_w = avail - (n.error ? button_w + style.ItemSpacing.x : 0);
  const std::string shown = Elide(n.text, text_w);
  ImGui::AlignTextToFramePadding();
  if (n.error) ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
  ImGui::TextUnformatted(shown.c_str());
  if (n.error) ImGui::PopStyleColor();
  if (shown != n.text && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
    ImGui::TextUnformatted(n.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (n.error) {
    ImGui::SameLine(avail - button_w);
    if (ImGui::Button(dismiss)) n = Notice{};
  }
  ImGui::EndChild();
}

}  // namespace actviz::gui
