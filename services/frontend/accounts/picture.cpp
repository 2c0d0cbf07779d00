#include "accounts/picture.hpp"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>
#include <webp/decode.h>

#include <array>
#include <cstdint>
#include <memory>
#include <tuple>
#include <vector>

#include "html.hpp"

namespace cambio::frontend::accounts {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

const auto* as_bytes(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

struct rgba_image {
  int width = 0;
  int height = 0;
  std::unique_ptr<std::uint8_t, void (*)(void*)> pixels{nullptr, nullptr};
};

const picture_error& damaged() {
  static const picture_error e("The image could not be read: the file is damaged or incomplete.");
  return e;
}

// stb_image fills a JPEG's missing scan data with grey and a GIF's with nothing: require the end
// markers so that a truncated file is refused instead of stored half-grey.
bool has_end_marker(image_type type, std::string_view bytes) {
  switch (type) {
    case image_type::jpeg: {
      const auto scan = bytes.find("\xFF\xDA");
      return scan != std::string_view::npos &&
             bytes.find("\xFF\xD9", scan + 2) != std::string_view::npos;
    }
    case image_type::gif:
      return bytes.find(';', 13) != std::string_view::npos && bytes.back() == ';';
    default:
      return true;  // PNG and WebP decoders fail on truncation themselves
  }
}

std::pair<int, int> dimensions(image_type type, std::string_view bytes) {
  int w = 0;
  int h = 0;
  if (type == image_type::webp) {
    if (!WebPGetInfo(as_bytes(bytes), bytes.size(), &w, &h)) throw damaged();
  } else if (const auto ihdr = type == image_type::png ? png_size(bytes) : std::nullopt; ihdr) {
    // From the IHDR itself: stb_image refuses huge ones as unreadable, which would hide why.
    std::tie(w, h) = *ihdr;
  } else {
    int channels = 0;
    if (!stbi_info_from_memory(as_bytes(bytes), static_cast<int>(bytes.size()), &w, &h,
                               &channels)) {
      throw damaged();
    }
  }
  if (w <= 0 || h <= 0) throw damaged();
  if (w > k_max_image_side || h > k_max_image_side ||
      static_cast<long>(w) * static_cast<long>(h) > k_max_image_pixels) {
    throw picture_error("The image is too large (" + std::to_string(w) + "×" + std::to_string(h) +
                        " pixels): at most " + std::to_string(k_max_image_side) +
                        " pixels a side and 16 megapixels.");
  }
  return {w, h};
}

rgba_image decode(image_type type, std::string_view bytes, std::pair<int, int> expected) {
  rgba_image img;
  std::uint8_t* pixels = nullptr;
  if (type == image_type::webp) {
    pixels = WebPDecodeRGBA(as_bytes(bytes), bytes.size(), &img.width, &img.height);
    img.pixels = {pixels, [](void* p) { WebPFree(p); }};
  } else {
    int channels = 0;
    pixels = stbi_load_from_memory(as_bytes(bytes), static_cast<int>(bytes.size()), &img.width,
                                   &img.height, &channels, 4);
    img.pixels = {pixels, [](void* p) { stbi_image_free(p); }};
  }
  if (!pixels || img.width != expected.first || img.height != expected.second) throw damaged();
  return img;
}

void append_to_string(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                             static_cast<std::size_t>(size));
}

}  // namespace

std::optional<image_type> sniff_image_type(std::string_view bytes) {
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return image_type::png;
  if (starts_with(bytes, "\xFF\xD8\xFF")) return image_type::jpeg;
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return image_type::gif;
  if (bytes.size() >= 12 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") {
    return image_type::webp;
  }
  return std::nullopt;
}

std::string_view to_string(image_type t) {
  switch (t) {
    case image_type::png:
      return "png";
    case image_type::jpeg:
      return "jpeg";
    case image_type::gif:
      return "gif";
    case image_type::webp:
      return "webp";
  }
  return "unknown";
}

std::string normalize_picture(std::string_view upload) {
  if (upload.empty()) throw picture_error("The file is empty: choose an image to upload.");
  if (upload.size() > k_max_upload_bytes) {
    throw picture_error("The image is larger than 2 MB: choose a smaller one.");
  }
  const auto type = sniff_image_type(upload);
  if (!type) {
    throw picture_error(
        "This file is not an image we accept: upload a PNG, JPEG, WebP or GIF picture.");
  }
  const auto size = dimensions(*type, upload);
  if (!has_end_marker(*type, upload)) throw damaged();
  const auto img = decode(*type, upload, size);

  const int side = std::min(img.width, img.height);
  const int x0 = (img.width - side) / 2;
  const int y0 = (img.height - side) / 2;
  const auto* crop = img.pixels.get() + (static_cast<std::size_t>(y0) * img.width + x0) * 4;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(k_picture_side) * k_picture_side * 4);
  if (!stbir_resize_uint8_srgb(crop, side, side, img.width * 4, out.data(), k_picture_side,
                               k_picture_side, 0, 4, 3, 0)) {
    throw picture_error("The image could not be resized.");
  }
  std::string png;
  if (!stbi_write_png_to_func(append_to_string, &png, k_picture_side, k_picture_side, 4, out.data(),
                              k_picture_side * 4)) {
    throw picture_error("The image could not be encoded.");
  }
  return png;
}

std::optional<std::pair<int, int>> png_size(std::string_view png) {
  if (sniff_image_type(png) != image_type::png || png.size() < 24 || png.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  const auto be32 = [&](std::size_t at) {
    const auto* b = as_bytes(png) + at;
    return static_cast<int>((std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                            (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]});
  };
  return std::pair{be32(16), be32(20)};
}

std::string default_picture_svg(std::string_view username) {
  static constexpr std::array<std::string_view, 6> colours{"#0969da", "#1a7f37", "#8250df",
                                                           "#bf3989", "#9a6700", "#cf222e"};
  std::uint32_t h = 2166136261u;  // FNV-1a: a stable colour per name
  for (const char c : username) h = (h ^ static_cast<std::uint8_t>(c)) * 16777619u;
  std::string initial = username.empty() ? "?" : std::string(1, username.front());
  if (initial[0] >= 'a' && initial[0] <= 'z') initial[0] = static_cast<char>(initial[0] - 32);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" "
         "viewBox=\"0 0 256 256\"><rect width=\"256\" height=\"256\" fill=\"" +
         std::string(colours[h % colours.size()]) +
         "\"/><text x=\"128\" y=\"128\" dy=\"0.35em\" text-anchor=\"middle\" "
         "font-family=\"system-ui, sans-serif\" font-size=\"128\" fill=\"#fff\">" +
         escape_html(initial) + "</text></svg>";
}

}  // namespace cambio::frontend::accounts
