// `actviz train`: its options (registered by the command itself) and its entry point.
#pragma once

#include <string>

#include "cli/function_args.hpp"

namespace CLI {
class App;
}

namespace actviz::cli {

struct TrainArgs {
  FunctionArgs fn;
  std::string task, model = "mlp";
  std::string hidden, output, loss, optimizer, lr, epochs, batch;  // empty: the task's default
  std::string seed = "0";
  bool json = false;
};

CLI::App* AddTrainCommand(CLI::App& app, TrainArgs& args);
int RunTrainCommand(const TrainArgs& args);

}  // namespace actviz::cli
