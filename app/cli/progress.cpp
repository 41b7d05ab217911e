// LongRun (progress.hpp): a signal handler that only sets a flag (the second signal ends the
// process at once, for work that does not poll), and a thread that redraws one stderr line.
#include "cli/progress.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <utility>

#include "cli/commands_internal.hpp"

namespace actviz::cli {
namespace {

// A signal handler can reach nothing else: the one process-wide flag, set once.
std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) {
  if (g_interrupted.exchange(true)) _exit(kExitInterrupted);
  static const char kNote[] = "\nactviz: interrupting (again to stop at once)\n";
  (void)!write(STDERR_FILENO, kNote, sizeof kNote - 1);
}

}  // namespace

LongRun::LongRun(std::string what) : what_(std::move(what)) {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  terminal_ = isatty(STDERR_FILENO) == 1;
  if (terminal_) thread_ = std::thread([this] { Show(); });
}

LongRun::~LongRun() {
  Stop();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

void LongRun::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (std::exchange(shown_, false)) std::fputs("\r\x1b[K", stderr);
}

const std::atomic<bool>& LongRun::cancel() const {
  return g_interrupted;
}

int LongRun::Interrupted() {
  Stop();
  return Fail(kExitInterrupted, "interrupted: the " + what_ + " stopped, nothing was written");
}

void LongRun::Show() {
  std::unique_lock<std::mutex> lock(mutex_);
  // Quiet for the first second: a short run prints nothing.
  if (wake_.wait_for(lock, std::chrono::seconds(1), [this] { return done_; })) return;
  do {
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double f = fraction_.load();
    std::fprintf(stderr, "\r\x1b[Kactviz: %s %3.0f%% · %.0f s · Ctrl+C stops", what_.c_str(),
                 100 * std::min(1.0, std::max(0.0, f)), s);
    std::fflush(stderr);
    shown_ = true;
  } while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; }));
}

}  // namespace actviz::cli
