// The GUI's background workers: the shared "newest request wins" loop (requests replaced
// while one runs, the running one told it is stale, repeats ignored, failures survived), and
// the image worker keeping the photo on screen when a new one cannot be read.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gui/image_worker.hpp"
#include "gui/latest_worker.hpp"

namespace actviz::gui {
namespace {

// Work that records what it ran and whether it was told to stop, and can be held at its
// start until the test opens the gate.
struct Recorder {
  std::mutex m;
  std::condition_variable cv;
  bool gate_open = true, started = false;
  std::vector<int> ran;
  std::vector<bool> saw_cancel;

  void Work(int r, const std::atomic<bool>& cancel) {
    std::unique_lock<std::mutex> lock(m);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return gate_open; });
    // Work that polls: wait (bounded) for a newer request to flag this one stale.
    for (int i = 0; i < 50 && !cancel.load(); ++i) {
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      lock.lock();
    }
    if (r < 0) throw std::runtime_error("failed request");
    ran.push_back(r);
    saw_cancel.push_back(cancel.load());
  }
  void WaitStarted() {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return started; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(m);
    gate_open = true;
    cv.notify_all();
  }
};

TEST(LatestWorker, newer_requests_replace_pending_ones_and_flag_the_running_one) {
  Recorder rec;
  rec.gate_open = false;
  LatestWorker<int> w([&](const int& r, const std::atomic<bool>& c) { rec.Work(r, c); });
  w.Submit(1);
  rec.WaitStarted();  // 1 is running, held at the gate
  w.Submit(2);        // pending, then replaced before it starts
  w.Submit(3);
  EXPECT_FALSE(w.Idle());
  rec.Open();
  w.Wait();
  EXPECT_TRUE(w.Idle());
  EXPECT_EQ(rec.ran, (std::vector<int>{1, 3}));
  EXPECT_EQ(rec.saw_cancel, (std::vector<bool>{true, false}));  // 1 was stale, 3 was not
  EXPECT_EQ(w.Newest(), 3);
}

TEST(LatestWorker, the_newest_request_again_is_not_run_again) {
  Recorder rec;
  LatestWorker<int> w([&](const int& r, const std::atomic<bool>& c) { rec.Work(r, c); });
  for (int i = 0; i < 5; ++i) {
    w.Submit(7);
    w.Wait();
  }
  EXPECT_EQ(rec.ran, (std::vector<int>{7}));
  w.Submit(8);
  w.Wait();
  w.Submit(7);  // no longer the newest: runs again
  w.Wait();
  EXPECT_EQ(rec.ran, (std::vector<int>{7, 8, 7}));
}

TEST(LatestWorker, a_failing_request_leaves_the_worker_serving) {
  Recorder rec;
  LatestWorker<int> w([&](const int& r, const std::atomic<bool>& c) { rec.Work(r, c); });
  w.Submit(-1);
  w.Wait();
  w.Submit(4);
  w.Wait();
  EXPECT_EQ(rec.ran, (std::vector<int>{4}));
}

TEST(ImageWorker, an_unreadable_file_keeps_the_photo_and_says_why) {
  ImageWorker w;
  w.Request(ImageRequest{});  // the built-in photo
  w.Wait();
  bool busy = true;
  const auto first = w.Latest(busy);
  ASSERT_TRUE(first);
  EXPECT_FALSE(busy);
  EXPECT_GT(first->width, 0);
  EXPECT_EQ(first->x.size(), static_cast<std::size_t>(first->width) * first->height);
  EXPECT_FALSE(w.TakeError());

  ImageRequest bad;
  bad.path = "/nonexistent/photo.png";
  w.Request(bad);
  w.Wait();
  EXPECT_EQ(w.Latest(busy), first);  // the same image object: nothing replaced
  const auto error = w.TakeError();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("/nonexistent/photo.png"), std::string::npos) << *error;
  EXPECT_FALSE(w.TakeError());  // reported once

  ImageRequest gained;
  gained.gain = 2;
  w.Request(gained);
  w.Wait();
  const auto second = w.Latest(busy);
  ASSERT_TRUE(second);
  EXPECT_GT(second->serial, first->serial);
  ASSERT_EQ(second->x.size(), first->x.size());
  for (std::size_t i = 0; i < first->x.size(); i += 997)
    EXPECT_FLOAT_EQ(second->x[i], 2 * first->x[i]) << i;
}

}  // namespace
}  // namespace actviz::gui
