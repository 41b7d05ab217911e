// File output: only regular files are replaced (devices, FIFOs, directories refused; links
// followed to their target), modes kept, several files all or nothing, and PNG sizes up to
// PNG's own limit.
#include "actviz/base/file_io.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace actviz {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "actviz-file-io-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

std::vector<std::uint8_t> Bytes(const std::string& s) {
  return {s.begin(), s.end()};
}

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void Put(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(WriteFileAtomic, replaces_a_regular_file_and_keeps_its_mode) {
  TempDir d;
  const std::string p = d / "o.png";
  Put(p, "old");
  ASSERT_EQ(::chmod(p.c_str(), 0600), 0);
  ASSERT_FALSE(WriteFileAtomic(p, Bytes("new contents")));
  EXPECT_EQ(Read(p), "new contents");
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(d.Names(), std::vector<std::string>{"o.png"});  // no temporary left
}

TEST(WriteFileAtomic, follows_a_symlink_and_replaces_its_target) {
  TempDir d;
  const std::string target = d / "target.png", link = d / "link.png";
  Put(target, "old");
  ASSERT_EQ(::symlink("target.png", link.c_str()), 0);
  ASSERT_FALSE(WriteFileAtomic(link, Bytes("through the link")));
  EXPECT_EQ(Read(target), "through the link");
  EXPECT_TRUE(fs::is_symlink(link)) << "the link must stay a link";
  EXPECT_EQ(fs::read_symlink(link), "target.png");
  EXPECT_EQ(d.Names(), (std::vector<std::string>{"link.png", "target.png"}));
}

TEST(WriteFileAtomic, refuses_a_fifo_a_directory_and_a_link_to_a_device) {
  TempDir d;
  const std::string fifo = d / "fifo", dir = d / "dir", link = d / "null";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::symlink("/dev/null", link.c_str()), 0);
  for (const auto& [path, kind] : {std::pair{fifo, "a FIFO"}, std::pair{dir, "a directory"},
                                   std::pair{link, "a character device"}}) {
    const auto err = WriteFileAtomic(path, Bytes("x"));
    ASSERT_TRUE(err) << path;
    EXPECT_NE(err->find(kind), std::string::npos) << *err;
    EXPECT_NE(err->find("not a regular file"), std::string::npos) << *err;
    EXPECT_EQ(CheckOutputPath(path), err);
  }
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_symlink(link));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/null is no longer a character device";
  EXPECT_EQ(d.Names(), (std::vector<std::string>{"dir", "fifo", "null"}));
}

TEST(WriteFileAtomic, refuses_a_dangling_link_and_a_missing_directory) {
  TempDir d;
  const std::string link = d / "dangling";
  ASSERT_EQ(::symlink("nowhere/x.png", link.c_str()), 0);
  const auto err = WriteFileAtomic(link, Bytes("x"));
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("does not exist"), std::string::npos) << *err;
  EXPECT_TRUE(WriteFileAtomic(d / "missing/o.png", Bytes("x")));
  EXPECT_TRUE(WriteFileAtomic("", Bytes("x")));
  EXPECT_EQ(d.Names(), std::vector<std::string>{"dangling"});
}

TEST(WriteFileAtomic, a_name_near_name_max_still_gets_a_temporary_beside_it) {
  TempDir d;
  const std::string p = d / std::string(250, 'n');
  ASSERT_FALSE(WriteFileAtomic(p, Bytes("long")));
  EXPECT_EQ(Read(p), "long");
  EXPECT_EQ(d.Names(), std::vector<std::string>{std::string(250, 'n')});
}

TEST(WriteFilesAtomic, a_failure_before_the_renames_changes_no_file) {
  TempDir d;
  const std::string a = d / "a.npy", b = d / "sub/b.png";
  Put(a, "old a");
  const std::vector<std::uint8_t> x = Bytes("new a"), y = Bytes("new b");
  const OutputFile files[] = {{a, x}, {b, y}};  // sub/ does not exist
  EXPECT_TRUE(WriteFilesAtomic(files));
  EXPECT_EQ(Read(a), "old a");
  EXPECT_EQ(d.Names(), std::vector<std::string>{"a.npy"});
  // And with the directory there, both are written.
  ASSERT_EQ(::mkdir((d / "sub").c_str(), 0700), 0);
  ASSERT_FALSE(WriteFilesAtomic(files));
  EXPECT_EQ(Read(a), "new a");
  EXPECT_EQ(Read(b), "new b");
}

TEST(WriteFilesAtomic, two_names_of_one_file_are_refused) {
  TempDir d;
  ASSERT_EQ(::mkdir((d / "d").c_str(), 0700), 0);
  const std::vector<std::uint8_t> x = Bytes("x");
  // Neither exists: the same directory and name.
  EXPECT_TRUE(SameOutputFile(d / "d/./o.png", d / "d/o.png"));
  EXPECT_TRUE(SameOutputFile(d / "d/../d/o.png", d / "d/o.png"));
  EXPECT_FALSE(SameOutputFile(d / "d/o.png", d / "d/p.png"));
  const OutputFile twice[] = {{d / "d/./o.png", x}, {d / "d/o.png", x}};
  EXPECT_TRUE(WriteFilesAtomic(twice));
  EXPECT_FALSE(fs::exists(d / "d/o.png"));
  // Existing: a link and a hard link name the same inode.
  Put(d / "d/o.png", "old");
  ASSERT_EQ(::symlink("d/o.png", (d / "link").c_str()), 0);
  ASSERT_EQ(::link((d / "d/o.png").c_str(), (d / "hard").c_str()), 0);
  EXPECT_TRUE(SameOutputFile(d / "link", d / "d/o.png"));
  EXPECT_TRUE(SameOutputFile(d / "hard", d / "d/o.png"));
  const OutputFile linked[] = {{d / "link", x}, {d / "d/o.png", x}};
  EXPECT_TRUE(WriteFilesAtomic(linked));
  EXPECT_EQ(Read(d / "d/o.png"), "old");
}

// Decodes PNG bytes with libpng (its default read limit is 10^6 a side too: lifted).
bool DecodePng(const std::vector<std::uint8_t>& bytes, png_uint_32& w, png_uint_32& h,
               std::vector<std::uint8_t>& pixels) {
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size())) return false;
  img.format = PNG_FORMAT_GRAY;
  pixels.resize(PNG_IMAGE_SIZE(img));
  w = img.width;
  h = img.height;
  return png_image_finish_read(&img, nullptr, pixels.data(), 0, nullptr) != 0;
}

TEST(EncodePng, a_row_wider_than_libpngs_default_limit_is_encoded) {
  const int w = 1'000'001;
  std::vector<std::uint8_t> px(w);
  for (int i = 0; i < w; ++i)
    px[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i * 7);
  std::vector<std::uint8_t> png;
  ASSERT_FALSE(EncodePng(w, 1, 1, px, png, PngContent::kPhoto));
  ASSERT_GT(png.size(), 33u);
  // IHDR: width and height big-endian at bytes 16 and 20.
  const auto be32 = [&](std::size_t at) {
    return (png_uint_32{png[at]} << 24) | (png_uint_32{png[at + 1]} << 16) |
           (png_uint_32{png[at + 2]} << 8) | png_uint_32{png[at + 3]};
  };
  EXPECT_EQ(be32(16), static_cast<png_uint_32>(w));
  EXPECT_EQ(be32(20), 1u);
  png_uint_32 dw = 0, dh = 0;
  std::vector<std::uint8_t> back;
  if (DecodePng(png, dw, dh, back)) {  // the simplified reader keeps libpng's read limit
    EXPECT_EQ(dw, static_cast<png_uint_32>(w));
    EXPECT_EQ(back, px);
  }
}

}  // namespace
}  // namespace actviz
