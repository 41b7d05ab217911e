// The left column, the same for every tab: the function list, the selected function's
// parameters, its family and the pinned functions to compare.
#pragma once

#include <imgui.h>

#include "gui/shell/shared.hpp"

namespace actviz::gui {

// The whole column (sidebar.cpp): its sections one under the other.
void DrawSidebar(AppState& state, App::Shared& shared);

void DrawFunctionList(AppState& state);
void DrawParameters(AppState& state);
// The family settings under the parameters (presets, ends, members, a colour bar).
void DrawFamily(AppState& state, App::Shared& shared);
// The family's members for the state, into shared.family (or shared.family_error).
void UpdateFamily(const AppState& state, App::Shared& shared);
// The colour of member i of n (viridis, dark to light).
ImU32 FamilyColour(int i, int n);
void DrawPins(AppState& state, const App::Shared& shared);

}  // namespace actviz::gui
