// `actviz softmax`: its options (registered by the command itself) and its entry point.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace actviz::cli {

struct SoftmaxArgs {
  std::string logits;  // "Z1,Z2,..."
  std::string temperature = "1";
  bool softmin = false;
  bool json = false;
};

CLI::App* AddSoftmaxCommand(CLI::App& app, SoftmaxArgs& args);
int RunSoftmaxCommand(const SoftmaxArgs& args);

}  // namespace actviz::cli
