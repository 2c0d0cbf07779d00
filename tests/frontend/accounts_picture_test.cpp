// The profile picture pipeline (accounts/picture.hpp), on images made here: PNG and JPEG by
// stb_image_write, WebP by libwebp, a GIF written out byte by byte.

#include <stb_image.h>
#include <stb_image_write.h>
#include <webp/encode.h>

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include <catch2/catch.hpp>

#include "accounts/picture.hpp"

using namespace cambio::frontend::accounts;

namespace {

using rgba = std::array<std::uint8_t, 4>;
constexpr rgba k_red{255, 0, 0, 255};
constexpr rgba k_green{0, 255, 0, 255};
constexpr rgba k_blue{0, 0, 255, 255};

std::vector<std::uint8_t> pixels(int w, int h, const std::function<rgba(int, int)>& at) {
  std::vector<std::uint8_t> out;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const auto p = at(x, y);
      out.insert(out.end(), p.begin(), p.end());
    }
  }
  return out;
}

// Left third red, middle third green, right third blue.
rgba thirds(int x, int w) { return x < w / 3 ? k_red : x < 2 * w / 3 ? k_green : k_blue; }

void append(void* ctx, void* data, int size) {
  static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size);
}

std::string png(int w, int h, const std::function<rgba(int, int)>& at) {
  const auto px = pixels(w, h, at);
  std::string out;
  REQUIRE(stbi_write_png_to_func(append, &out, w, h, 4, px.data(), w * 4));
  return out;
}

std::string jpeg(int w, int h, const std::function<rgba(int, int)>& at) {
  const auto px = pixels(w, h, at);
  std::string out;
  REQUIRE(stbi_write_jpg_to_func(append, &out, w, h, 4, px.data(), 95));
  return out;
}

std::string webp(int w, int h, const std::function<rgba(int, int)>& at) {
  const auto px = pixels(w, h, at);
  std::uint8_t* data = nullptr;
  const auto size = WebPEncodeLosslessRGBA(px.data(), w, h, w * 4, &data);
  REQUIRE(size > 0);
  std::string out(reinterpret_cast<const char*>(data), size);
  WebPFree(data);
  return out;
}

// A 1×1 GIF89a whose one pixel is red (a 2-colour table: red, black; LZW of index 0).
const std::string k_red_gif(
    "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\x00\x00\x00\x00\x00"
    ",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;",
    35);

struct decoded {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  rgba at(int x, int y) const {
    const auto* p = &px[(static_cast<std::size_t>(y) * w + x) * 4];
    return {p[0], p[1], p[2], p[3]};
  }
};

decoded decode(const std::string& png_bytes) {
  decoded d;
  int n = 0;
  auto* p = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png_bytes.data()),
                                  static_cast<int>(png_bytes.size()), &d.w, &d.h, &n, 4);
  REQUIRE(p);
  d.px.assign(p, p + static_cast<std::size_t>(d.w) * d.h * 4);
  stbi_image_free(p);
  return d;
}

bool near(rgba a, rgba b, int tolerance = 40) {
  for (int i = 0; i < 4; ++i) {
    if (std::abs(int(a[i]) - int(b[i])) > tolerance) return false;
  }
  return true;
}

// The chunk types of a PNG, in order.
std::vector<std::string> chunks(const std::string& png_bytes) {
  std::vector<std::string> out;
  std::size_t at = 8;
  while (at + 8 <= png_bytes.size()) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(png_bytes.data()) + at;
    const std::size_t len = (std::size_t{b[0]} << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    out.push_back(png_bytes.substr(at + 4, 4));
    at += 12 + len;
  }
  return out;
}

std::string refusal(const std::string& upload) {
  try {
    normalize_picture(upload);
  } catch (const picture_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the type comes from the content's magic bytes", "[accounts][picture]") {
  CHECK(sniff_image_type(png(2, 2, [](int, int) { return k_red; })) == image_type::png);
  CHECK(sniff_image_type(jpeg(8, 8, [](int, int) { return k_red; })) == image_type::jpeg);
  CHECK(sniff_image_type(webp(2, 2, [](int, int) { return k_red; })) == image_type::webp);
  CHECK(sniff_image_type(k_red_gif) == image_type::gif);
  CHECK_FALSE(sniff_image_type("hello, I am a text file named picture.png"));
  CHECK_FALSE(sniff_image_type("RIFF\x10\x00\x00\x00WAVEfmt "));  // RIFF, but audio
  CHECK_FALSE(sniff_image_type(""));
}

TEST_CASE("every accepted type becomes a 256x256 PNG", "[accounts][picture]") {
  const auto red = [](int, int) { return k_red; };
  for (const auto& [name, upload] :
       std::vector<std::pair<std::string, std::string>>{{"png", png(40, 30, red)},
                                                        {"jpeg", jpeg(40, 30, red)},
                                                        {"webp", webp(40, 30, red)},
                                                        {"gif", k_red_gif}}) {
    INFO(name);
    const auto out = normalize_picture(upload);
    CHECK(sniff_image_type(out) == image_type::png);
    CHECK(png_size(out) == std::optional<std::pair<int, int>>({256, 256}));
    const auto d = decode(out);
    CHECK(near(d.at(128, 128), k_red));
  }
}

TEST_CASE("a wide image is cropped to its centred square", "[accounts][picture]") {
  // 300×100: the centred 100×100 square is the green middle third.
  const auto out = normalize_picture(png(300, 100, [](int x, int) { return thirds(x, 300); }));
  const auto d = decode(out);
  CHECK(near(d.at(5, 128), k_green));
  CHECK(near(d.at(128, 128), k_green));
  CHECK(near(d.at(250, 128), k_green));
}

TEST_CASE("a tall image is cropped to its centred square", "[accounts][picture]") {
  const auto out = normalize_picture(webp(60, 180, [](int, int y) { return thirds(y, 180); }));
  const auto d = decode(out);
  CHECK(near(d.at(128, 5), k_green));
  CHECK(near(d.at(128, 250), k_green));
}

TEST_CASE("metadata of the upload does not survive", "[accounts][picture]") {
  // A PNG with a tEXt chunk after IHDR, a JPEG with an EXIF APP1 segment after SOI.
  auto with_text = png(16, 16, [](int, int) { return k_blue; });
  const std::string text_chunk = std::string("\x00\x00\x00\x14tEXt", 8) + "GPSLatitude" +
                                 std::string(1, '\0') + "51.5007N" +
                                 std::string("\x00\x00\x00\x00", 4);
  with_text.insert(33, text_chunk);
  auto with_exif = jpeg(16, 16, [](int, int) { return k_blue; });
  const std::string exif = std::string(
                               "\xFF\xE1\x00\x14"
                               "Exif\x00\x00",
                               10) +
                           "GPS 51.5007N";
  with_exif.insert(2, exif);

  for (const auto& upload : {with_text, with_exif}) {
    REQUIRE(upload.find("51.5007N") != std::string::npos);
    const auto out = normalize_picture(upload);
    CHECK(out.find("51.5007N") == std::string::npos);
    CHECK(out.find("GPS") == std::string::npos);
    const auto types = chunks(out);
    REQUIRE(types.size() >= 3);
    CHECK(types.front() == "IHDR");
    CHECK(types.back() == "IEND");
    for (std::size_t i = 1; i + 1 < types.size(); ++i) CHECK(types[i] == "IDAT");
  }
}

TEST_CASE("a file that is not an image is refused, whatever its name", "[accounts][picture]") {
  CHECK_THAT(
      refusal("just some text, saved as avatar.png\n"),
      Catch::Contains("not an image we accept") && Catch::Contains("PNG, JPEG, WebP or GIF"));
  CHECK_THAT(refusal("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
             Catch::Contains("not an image we accept"));
  CHECK_THAT(refusal(""), Catch::Contains("empty"));
}

TEST_CASE("truncated images are refused", "[accounts][picture]") {
  const auto noise = [](int x, int y) {
    return rgba{std::uint8_t(x * 7), std::uint8_t(y * 13), std::uint8_t(x * y), 255};
  };
  const auto p = png(64, 64, noise);
  const auto j = jpeg(64, 64, noise);
  const auto w = webp(64, 64, noise);
  for (const auto& cut :
       {p.substr(0, p.size() / 2), p.substr(0, 40), j.substr(0, j.size() / 2),
        w.substr(0, w.size() / 2), k_red_gif.substr(0, k_red_gif.size() - 1), p.substr(0, 8)}) {
    INFO(cut.size());
    CHECK_THAT(refusal(cut), Catch::Contains("damaged or incomplete"));
  }
}

TEST_CASE("oversized images are refused before decoding", "[accounts][picture]") {
  // A PNG header that claims 50000×50000 pixels (10 GB of RGBA) and has no pixel data at all.
  std::string bomb = png(1, 1, [](int, int) { return k_red; });
  const auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bomb[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  };
  put32(16, 50000);
  put32(20, 50000);
  CHECK_THAT(refusal(bomb), Catch::Contains("too large (50000×50000 pixels)"));
  // A real, small file of 8193×1 pixels: too wide.
  CHECK_THAT(refusal(png(8193, 1, [](int, int) { return k_red; })),
             Catch::Contains("too large (8193×1 pixels)"));
}

TEST_CASE("uploads over 2 MB are refused", "[accounts][picture]") {
  auto big = png(2, 2, [](int, int) { return k_red; });
  big.resize(k_max_upload_bytes + 1, '\0');
  CHECK_THAT(refusal(big), Catch::Contains("larger than 2 MB"));
}

TEST_CASE("the default picture is an SVG of the initial, escaped", "[accounts][picture]") {
  const auto svg = default_picture_svg("alice");
  CHECK_THAT(svg, Catch::StartsWith("<svg") && Catch::Contains(">A</text>"));
  CHECK(default_picture_svg("alice") == svg);  // stable
  CHECK_THAT(default_picture_svg("<"), Catch::Contains("&lt;") && !Catch::Contains("><</"));
}
