// The command line of spec/cli.md: parses arguments and runs the GUI or a headless command.
// Exit status: 0 success, 2 usage error, 1 any other failure (one line on stderr).
#pragma once

namespace actviz::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int Main(int argc, char** argv);

}  // namespace actviz::cli
