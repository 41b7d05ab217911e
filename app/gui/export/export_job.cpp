// The export job's stages, advanced by Poll() from the UI thread.
#include "gui/export/export_job.hpp"

#include <chrono>
#include <exception>
#include <new>
#include <utility>

namespace actviz::gui {

ExportJob::~ExportJob() {
  if (progress_) progress_->cancel = true;
  if (thread_.joinable()) thread_.join();
}

bool ExportJob::Start(std::string what, std::string path, Step compute, UiStep render, Step write) {
  if (busy()) return false;
  what_ = std::move(what);
  path_ = std::move(path);
  render_ = std::move(render);
  write_ = std::move(write);
  progress_ = std::make_shared<ExportProgress>();
  stage_ = Stage::kComputing;
  RunThread(compute ? std::move(compute)
                    : Step([](ExportProgress&) { return std::optional<std::string>(); }));
  return true;
}

void ExportJob::RunThread(Step step) {
  if (thread_.joinable()) thread_.join();
  thread_done_ = false;
  thread_error_.reset();
  thread_ = std::thread([this, step = std::move(step), p = progress_] {
    std::optional<std::string> err;
    try {
      err = step(*p);
    } catch (const std::bad_alloc&) {
      err = "out of memory";
    } catch (const std::exception& e) {
      err = e.what();
    }
    thread_error_ = std::move(err);
    thread_done_.store(true, std::memory_order_release);
  });
}

float ExportJob::progress() const {
  switch (stage_) {
    case Stage::kComputing:
      return 0.8f * progress_->fraction.load();
    case Stage::kRender:
      return 0.8f;
    case Stage::kWriting:
      return 0.9f;
    case Stage::kIdle:
      break;
  }
  return 0;
}

void ExportJob::Cancel() {
  if (progress_) progress_->cancel = true;
}

std::optional<ExportJob::Result> ExportJob::Finish(const std::optional<std::string>& error) {
  if (thread_.joinable()) thread_.join();
  stage_ = Stage::kIdle;
  render_ = nullptr;
  write_ = nullptr;
  Result r;
  r.error = error;
  if (progress_->cancel && error) {
    r.message = "Cancelled the export of " + what_;
    r.cancelled = true;
  } else if (error) {
    r.message = "Could not export " + what_ + ": " + *error;
  } else {
    r.message = "Saved " + path_;
  }
  return r;
}

std::optional<ExportJob::Result> ExportJob::Poll() {
  if (stage_ == Stage::kIdle) return std::nullopt;
  if (stage_ == Stage::kComputing || stage_ == Stage::kWriting) {
    if (!thread_done_.load(std::memory_order_acquire)) return std::nullopt;
    thread_.join();
    if (thread_error_ || stage_ == Stage::kWriting) return Finish(thread_error_);
    if (progress_->cancel) return Finish("cancelled");
    stage_ = Stage::kRender;
  }
  // kRender: on this (the UI) thread, then the write on a thread again.
  std::optional<std::string> err;
  try {
    if (render_) err = render_();
  } catch (const std::bad_alloc&) {
    err = "out of memory";
  }
  if (err) return Finish(err);
  if (progress_->cancel) return Finish("cancelled");
  stage_ = Stage::kWriting;
  RunThread(write_ ? write_ : Step([](ExportProgress&) { return std::optional<std::string>(); }));
  return std::nullopt;
}

std::optional<ExportJob::Result> ExportJob::Wait() {
  while (busy()) {
    if (auto r = Poll()) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return std::nullopt;
}

}  // namespace actviz::gui
