// `actviz depth`: its options (registered by the command itself) and its entry point.
#pragma once

#include <string>

#include "cli/function_args.hpp"

namespace CLI {
class App;
}

namespace actviz::cli {

struct DepthArgs {
  FunctionArgs fn;
  std::string layers = "20", width = "256", batch = "1000";
  std::string init = "xavier_normal";
  std::string gain = "1";        // a number or "auto"
  std::string sigma_w, sigma_b;  // empty: not given
  std::string seed = "0";
  std::string threads = "0";
  std::string max_bytes = "4294967296";  // 4 GiB, as every size-checked command
  bool json = false;
};

CLI::App* AddDepthCommand(CLI::App& app, DepthArgs& args);
int RunDepthCommand(const DepthArgs& args);

}  // namespace actviz::cli
