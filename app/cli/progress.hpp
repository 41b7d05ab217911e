// A long command's progress on stderr and its interruption by Ctrl+C (SIGINT) or SIGTERM:
// the work polls cancel() and stops between its steps, the command then exits 130 with a
// message, and no output file is left half written (outputs are written after the work).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace actviz::cli {

inline constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as a shell reports it

class LongRun {
 public:
  // `what` names the work in the progress line ("depth run"). The line appears once the run
  // has lasted a second, and only when stderr is a terminal; it is erased when the run ends.
  explicit LongRun(std::string what);
  ~LongRun();
  LongRun(const LongRun&) = delete;
  LongRun& operator=(const LongRun&) = delete;

  std::atomic<float>& fraction() { return fraction_; }  // 0…1, set by the work
  const std::atomic<bool>& cancel() const;              // set by SIGINT or SIGTERM
  bool interrupted() const { return cancel().load(); }
  // The progress line erased, then the exit code and message of an interrupted run.
  int Interrupted();

 private:
  void Show();
  void Stop();  // the progress line's thread ended and the line erased
  std::string what_;
  std::atomic<float> fraction_{0};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool terminal_ = false, shown_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace actviz::cli
