#include "rates/http_fetch.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <curl/curl.h>

namespace cambio::rates {
namespace {

void global_init_once() {
  // curl_global_init is not thread-safe on every platform: run it once, before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// State of one transfer, shared with the libcurl callbacks.
struct transfer {
  http_response response;
  std::size_t max_body_bytes = 0;
  bool body_too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<transfer*>(user);
  const auto bytes = size * count;
  if (t.response.body.size() + bytes > t.max_body_bytes) {
    t.body_too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  t.response.body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& t = *static_cast<transfer*>(user);
  const std::string_view line(data, size * count);
  // A new status line starts a new response (a redirect was followed): forget the previous headers.
  if (line.starts_with("HTTP/")) {
    t.response.headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    t.response.headers[lower(trim(line.substr(0, colon)))] =
        std::string(trim(line.substr(colon + 1)));
  }
  return size * count;
}

bool is_timeout(CURLcode code) { return code == CURLE_OPERATION_TIMEDOUT; }

}  // namespace

std::string http_response::header(std::string_view name) const {
  const auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

struct http_fetcher::impl {
  http_settings settings;
  CURL* curl = nullptr;
  char error[CURL_ERROR_SIZE] = {};

  explicit impl(http_settings s) : settings(std::move(s)) {
    global_init_once();
    curl = curl_easy_init();
  }
  ~impl() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;

  [[noreturn]] void fail(provider_failure failure, const std::string& url, const std::string& why) {
    throw provider_error(failure, settings.who + ": GET " + redact_secrets(url) + " (host " +
                                      url_host(url) + "): " + redact_secrets(why));
  }

  void configure(const std::string& url, std::chrono::milliseconds budget, transfer& t) {
    curl_easy_reset(curl);  // keeps the connection cache; forgets the previous request's options
    error[0] = '\0';
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run in threads
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(budget.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(budget.count()));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);  // providers move their APIs (→ https)
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl decodes (gzip, ...)
    curl_easy_setopt(curl, CURLOPT_USERAGENT, settings.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(settings.max_body_bytes));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
  }

  std::string describe(CURLcode code) const {
    return error[0] != '\0' ? std::string(error) : std::string(curl_easy_strerror(code));
  }
};

http_fetcher::http_fetcher(http_settings settings)
    : impl_(std::make_unique<impl>(std::move(settings))) {}
http_fetcher::~http_fetcher() = default;
http_fetcher::http_fetcher(http_fetcher&&) noexcept = default;
http_fetcher& http_fetcher::operator=(http_fetcher&&) noexcept = default;

http_response http_fetcher::get(const std::string& url, deadline until) {
  auto& d = *impl_;
  if (d.curl == nullptr)
    d.fail(provider_failure::unavailable, url, "cannot create a libcurl handle");
  const auto budget =
      std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
  if (budget <= std::chrono::milliseconds::zero()) {
    d.fail(provider_failure::unavailable, url, "the deadline passed before the request");
  }
  transfer t;
  t.max_body_bytes = d.settings.max_body_bytes;
  d.configure(url, budget, t);
  const auto code = curl_easy_perform(d.curl);
  if (code == CURLE_FILESIZE_EXCEEDED || t.body_too_large) {
    d.fail(provider_failure::bad_response, url,
           "the body exceeds " + std::to_string(d.settings.max_body_bytes) + " bytes");
  }
  if (is_timeout(code)) {
    d.fail(provider_failure::unavailable, url,
           "no response within " + std::to_string(budget.count()) + " ms: " + d.describe(code));
  }
  if (code != CURLE_OK) d.fail(provider_failure::unavailable, url, d.describe(code));
  curl_easy_getinfo(d.curl, CURLINFO_RESPONSE_CODE, &t.response.status);
  return std::move(t.response);
}

std::string redact_secrets(std::string_view text) {
  static constexpr std::string_view k_secret_params[] = {"access_key=", "app_id="};
  std::string out(text);
  for (const auto param : k_secret_params) {
    for (auto pos = out.find(param); pos != std::string::npos; pos = out.find(param, pos)) {
      const auto value = pos + param.size();
      const auto end = out.find_first_of("&# \"'", value);
      out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
      pos = value + 3;
    }
  }
  return out;
}

std::string url_host(std::string_view url) {
  auto rest = url;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  return std::string(rest);
}

}  // namespace cambio::rates
