// `actviz apply` (placeholder until the image pipeline lands).
#include "cli/commands_internal.hpp"

namespace actviz::cli {

int RunApply(const ApplyArgs&) { return Fail(kExitFailure, "apply is not implemented yet"); }

}  // namespace actviz::cli
