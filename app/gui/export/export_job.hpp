// An export in the background: the window keeps drawing while the samples are drawn, the map
// computed and the PNG encoded, with its progress on the status line and a Cancel button.
// Stages: `compute` (a thread of its own: CPU work, may poll `cancel`), then `render` (on the
// UI thread, one short step: the offscreen render needs ImGui's process-wide current context,
// which the window's frames use too), then `write` (a thread again: PNG encoding and the
// atomic write). Any stage may be absent; each returns an error to show, or nothing.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace actviz::gui {

struct ExportProgress {
  std::atomic<bool> cancel{false};
  std::atomic<float> fraction{0};  // of the compute stage, 0…1
};

class ExportJob {
 public:
  using Step = std::function<std::optional<std::string>(ExportProgress&)>;
  using UiStep = std::function<std::optional<std::string>()>;

  ~ExportJob();
  // Starts a job (false, with nothing started, when one is running): `what` names it in
  // messages ("the figure"), `path` is where it writes.
  bool Start(std::string what, std::string path, Step compute, UiStep render, Step write);

  // What a finished job says: "Saved PATH", "Cancelled …" or the error.
  struct Result {
    std::string message;               // for the status line
    std::optional<std::string> error;  // the failure itself (also set when cancelled)
    bool cancelled = false;
  };
  // Called once a frame on the UI thread: runs the render stage when due, starts the write,
  // and returns the result once the job is over.
  std::optional<Result> Poll();

  bool busy() const { return stage_ != Stage::kIdle; }
  float progress() const;  // 0…1 over the whole job
  const std::string& what() const { return what_; }
  void Cancel();
  // Polls until the job is over (tests, --screenshot): the render stage runs here.
  std::optional<Result> Wait();

 private:
  enum class Stage { kIdle, kComputing, kRender, kWriting };
  void RunThread(Step step);
  std::optional<Result> Finish(const std::optional<std::string>& error);

  std::string what_, path_;
  Step write_;
  UiStep render_;
  Stage stage_ = Stage::kIdle;
  std::shared_ptr<ExportProgress> progress_;
  std::atomic<bool> thread_done_{false};
  std::optional<std::string> thread_error_;  // written by the thread before thread_done_
  std::thread thread_;
};

}  // namespace actviz::gui
