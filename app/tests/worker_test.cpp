// The GUI's background workers: the shared "newest request wins" loop (requests replaced
// while one runs, the running one told it is stale, repeats ignored, failures survived), and
// the image worker keeping the photo on screen when a new one cannot be read.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gui/photo/image_worker.hpp"
#include "gui/state/state.hpp"
#include "gui/tabs/depth/depth_worker.hpp"
#include "gui/workers/latest_worker.hpp"

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

// Issue 15: no failure is swallowed. What a request's work throws is that request's error
// (out of memory included), readable once, and the newest request counts as failed until a
// later one succeeds.
TEST(LatestWorker, a_failure_is_published_as_the_requests_error) {
  LatestWorker<int> w([](const int& r, const std::atomic<bool>&) {
    if (r == 1) throw std::runtime_error("no such thing");
    if (r == 2) throw std::bad_alloc();
  });
  w.Submit(1);
  w.Wait();
  EXPECT_TRUE(w.NewestFailed());
  EXPECT_EQ(w.TakeError(), std::optional<std::string>("no such thing"));
  EXPECT_FALSE(w.TakeError());  // taken once
  w.Submit(2);
  w.Wait();
  EXPECT_EQ(w.TakeError(), std::optional<std::string>("out of memory"));
  w.Submit(3);
  w.Wait();
  EXPECT_FALSE(w.NewestFailed());
  EXPECT_FALSE(w.TakeError());
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

// Work stuck in a blocking call (a FIFO's open, a hung disk) must not hold up quitting: a
// shutdown with a timeout leaves it, and the thread still finishes safely later, because
// what it touches is owned with it.
TEST(LatestWorker, a_shutdown_with_a_timeout_leaves_stuck_work_and_it_finishes_safely_later) {
  struct Gate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false, started = false, finished = false;
  };
  auto gate = std::make_shared<Gate>();
  auto w = std::make_unique<LatestWorker<int>>([gate](const int&, const std::atomic<bool>&) {
    std::unique_lock<std::mutex> lock(gate->m);
    gate->started = true;
    gate->cv.notify_all();
    gate->cv.wait(lock, [&] { return gate->open; });  // ignores cancel: truly stuck
    gate->finished = true;
    gate->cv.notify_all();
  });
  w->Submit(1);
  {
    std::unique_lock<std::mutex> lock(gate->m);
    gate->cv.wait(lock, [&] { return gate->started; });
  }
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(w->Shutdown(std::chrono::milliseconds(100)));
  w.reset();  // the destructor does not wait again
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
  {
    std::unique_lock<std::mutex> lock(gate->m);
    gate->open = true;
    gate->cv.notify_all();
    EXPECT_TRUE(gate->cv.wait_for(lock, std::chrono::seconds(5), [&] { return gate->finished; }));
  }
  // Work that finishes in time is joined: true.
  LatestWorker<int> quick([](const int&, const std::atomic<bool>&) {});
  quick.Submit(1);
  quick.Wait();
  EXPECT_TRUE(quick.Shutdown(std::chrono::milliseconds(1000)));
}

TEST(ImageWorker, a_fifo_or_a_device_is_refused_at_once_and_the_photo_stays) {
  char tmpl[] = "/tmp/actviz-worker-test-XXXXXX";
  ASSERT_TRUE(::mkdtemp(tmpl));
  const std::string dir = tmpl, fifo = dir + "/photo.png";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ImageWorker w;
  w.Request(ImageRequest{});
  w.Wait();
  bool busy = false;
  const auto first = w.Latest(busy);
  ASSERT_TRUE(first);
  for (const std::string& path : {fifo, std::string("/dev/zero"), dir}) {
    SCOPED_TRACE(path);
    ImageRequest r;
    r.path = path;
    const auto t0 = std::chrono::steady_clock::now();
    w.Request(r);
    w.Wait();  // a FIFO opened for reading blocks until a writer comes: this would hang
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
    EXPECT_EQ(w.Latest(busy), first);
    std::string failed;
    const auto error = w.TakeError(&failed);
    ASSERT_TRUE(error);
    EXPECT_EQ(failed, path);
    EXPECT_NE(error->find("not a"), std::string::npos) << *error;
  }
  ::unlink(fifo.c_str());
  ::rmdir(dir.c_str());
}

// A drag submits a new σ_w every frame. Each new request flags the running one stale; if the
// preview stopped for that, nothing would show until the drag paused. Here requests come
// every 2 ms, far faster than a run, and results must still appear while they come: the
// previews of requests the drag has already left behind.
TEST(DepthWorker, a_drag_shows_previews_while_it_lasts) {
  DepthWorker worker;
  DepthRequest r;
  r.function = IndexOf(*Find("tanh"));
  r.params = Defaults(Catalogue()[static_cast<std::size_t>(r.function)]);
  r.spec.layers = 20, r.spec.width = 64, r.spec.batch = 1000, r.spec.bins = 32;
  std::vector<double> shown;  // σ_w of each new result seen during the drag
  const auto t0 = std::chrono::steady_clock::now();
  for (int step = 0;
       shown.size() < 3 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60);
       ++step) {
    r.spec.sigma_w = 1 + 1e-4 * step;
    worker.Request(r);
    float progress = 0;
    bool current = false;
    if (auto v = worker.Latest(progress, current))
      if (shown.empty() || *v->request.spec.sigma_w != shown.back()) {
        EXPECT_TRUE(v->preview());  // the drag goes on: only previews finish
        shown.push_back(*v->request.spec.sigma_w);
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_GE(shown.size(), 3u);
  // After the drag, the whole batch of its last step.
  worker.Wait();
  float progress = 0;
  bool current = false;
  const auto last = worker.Latest(progress, current);
  ASSERT_TRUE(last);
  EXPECT_TRUE(current);
  EXPECT_FALSE(last->preview());
  EXPECT_EQ(last->request.spec.sigma_w, r.spec.sigma_w);
  EXPECT_EQ(last->result.reused_rows, kPreviewRows);  // it ran only the other rows
}

}  // namespace
}  // namespace actviz::gui
