#pragma once
// Profile pictures: an upload becomes a 256×256 PNG, or is refused with a sentence saying why.
//
//   1. size: 1 byte to 2 MiB (k_max_upload_bytes);
//   2. type by content, never by name or declared type: the magic bytes of PNG, JPEG, GIF or WebP;
//   3. dimensions from the header only (stbi_info_from_memory / WebPGetInfo) and refused above
//      8192 pixels a side or 16 megapixels — a decompression bomb is stopped before any pixel is
//      decoded (at most 64 MiB of RGBA is ever allocated);
//   4. decoded to RGBA (stb_image for PNG/JPEG/GIF — a GIF's first frame —, libwebp's
//      WebPDecodeRGBA for WebP); a truncated or damaged file fails here (JPEG and GIF files must
//      also carry their end marker, since stb_image fills missing data instead of failing);
//   5. the centred square cropped and resized to 256×256 (stb_image_resize, sRGB-aware, alpha
//   kept);
//   6. encoded as PNG (stb_image_write): nothing of the original file — EXIF, GPS, comments, colour
//      profiles — survives, by construction.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cambio::frontend::accounts {

constexpr std::size_t k_max_upload_bytes = 2 * 1024 * 1024;
constexpr int k_picture_side = 256;
constexpr int k_max_image_side = 8192;
constexpr long k_max_image_pixels = 16L * 1024 * 1024;

enum class image_type { png, jpeg, gif, webp };

// A refused upload; what() is safe to show the person.
class picture_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The type announced by the leading bytes, or nullopt.
std::optional<image_type> sniff_image_type(std::string_view bytes);
std::string_view to_string(image_type t);

// The upload as a 256×256 PNG. Throws picture_error.
std::string normalize_picture(std::string_view upload);

// Width and height of a PNG (from its IHDR), or nullopt if `png` is not one.
std::optional<std::pair<int, int>> png_size(std::string_view png);

// The picture of someone who has not uploaded one: an SVG of the username's first letter on a
// colour derived from the name.
std::string default_picture_svg(std::string_view username);

}  // namespace cambio::frontend::accounts
