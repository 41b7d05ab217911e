// Shared pieces of the headless commands: each command's entry point and the error helpers.
#pragma once

#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/function_args.hpp"

namespace actviz::cli {

// Writes the whole text to stdout and flushes; a failed write is a failure (exit 1).
int WriteStdout(std::string_view text);

// "actviz: <message>" on stderr; returns the exit code given.
int Fail(int code, std::string_view message);

struct EvalArgs {
  FunctionArgs fn;
  bool derivative = false;
  std::string type = "f64";
};

int RunList(bool json);
int RunEval(const EvalArgs& args);

}  // namespace actviz::cli
