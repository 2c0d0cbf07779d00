#include "mailer/smtp_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <utility>

namespace cambio::mailer {
namespace {

void global_init() {
  // curl_global_init is not thread-safe on every platform: run it once, before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// libcurl reads the message through this; it dot-stuffs and ends the DATA itself.
struct upload {
  std::string_view rest;
  const smtp_transport::gate* before_end = nullptr;
  bool held = false;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* u = static_cast<upload*>(user);
  const auto n = std::min(size * count, u->rest.size());
  if (n == u->rest.size() && u->before_end != nullptr && *u->before_end) {
    const auto* gate = std::exchange(u->before_end, nullptr);
    if (!(*gate)()) {
      u->held = true;
      return CURL_READFUNC_ABORT;
    }
  }
  std::memcpy(buffer, u->rest.data(), n);
  u->rest.remove_prefix(n);
  return n;
}

// The EHLO name is the URL's path for libcurl: smtp://host:port/<domain>.
std::string url_with_helo(const std::string& url, const std::string& domain) {
  if (domain.empty()) return url;
  const auto scheme_end = url.find("://");
  const auto path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path != std::string::npos && path + 1 < url.size()) return url;  // the URL names one
  return (path == std::string::npos ? url : url.substr(0, path)) + "/" + domain;
}

// RFC 4954: 530 authentication required, 534 mechanism too weak, 538 encryption required for the
// mechanism — whatever command they answer, they are about us, not the mail.
bool wants_auth_or_tls(long response_code) {
  return response_code == 530 || response_code == 534 || response_code == 538;
}

}  // namespace

smtp_outcome classify_smtp_failure(int curl_code, long response_code, std::string_view error) {
  const auto code = static_cast<CURLcode>(curl_code);
  switch (code) {
    case CURLE_LOGIN_DENIED:              // AUTH refused (535), or no mechanism in common
    case CURLE_PEER_FAILED_VERIFICATION:  // its certificate: not trusted, expired, another name
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CACERT_BADFILE:  // the CA file became unusable after the start
      return smtp_outcome::misconfigured;
    case CURLE_USE_SSL_FAILED:  // STARTTLS required: not offered, or refused
      // "454 TLS not available due to temporary reason" is the server's passing trouble.
      return response_code >= 400 && response_code < 500 ? smtp_outcome::unavailable
                                                         : smtp_outcome::misconfigured;
    default:
      break;
  }
  if (wants_auth_or_tls(response_code)) return smtp_outcome::misconfigured;
  const bool rcpt = error.find("RCPT") != std::string_view::npos;
  const bool data = error.find("DATA") != std::string_view::npos;
  // After the message: libcurl answers a refused end of DATA as a weird server reply.
  const bool after_data = code == CURLE_WEIRD_SERVER_REPLY && response_code >= 400;
  if (rcpt || data || after_data) {
    if (response_code >= 500 && response_code < 600) return smtp_outcome::rejected;
    if (response_code >= 400 && response_code < 500) return smtp_outcome::deferred;
  }
  // Anything else (connecting, a failed TLS handshake, MAIL FROM refused, a dropped session) is
  // the server's, not this mail's: no mail can go now.
  return smtp_outcome::unavailable;
}

std::string describe_smtp_failure(int curl_code, long response_code, std::string_view error) {
  std::string text = "SMTP: " + std::string(error);
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_LOGIN_DENIED:  // libcurl says "Login denied": give the server's reply code
      return text + (response_code > 0 ? ", AUTH answered " + std::to_string(response_code) : "") +
             " (the server refused our AUTH: check CAMBIO_SMTP_USER and CAMBIO_SMTP_PASSWORD)";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
      return text +
             " (the server's TLS certificate is not trusted, nothing was sent: give the CA that "
             "signed it in CAMBIO_SMTP_CA_FILE, or fix the server's certificate or the host name "
             "in CAMBIO_SMTP_URL)";
    case CURLE_SSL_CACERT_BADFILE:
      return text + " (CAMBIO_SMTP_CA_FILE cannot be used as a PEM bundle of CA certificates)";
    case CURLE_USE_SSL_FAILED:
      return text +
             " (CAMBIO_SMTP_STARTTLS is required and the server did not start TLS: nothing was "
             "sent in clear)";
    case CURLE_SSL_CONNECT_ERROR:
      return text +
             " (the TLS handshake failed: an smtps:// URL on a plaintext port, or the server's "
             "TLS)";
    default:
      break;
  }
  if (wants_auth_or_tls(response_code)) {
    return text +
           " (the server requires AUTH, or TLS first: check CAMBIO_SMTP_USER, "
           "CAMBIO_SMTP_PASSWORD and CAMBIO_SMTP_STARTTLS)";
  }
  return text;
}

struct smtp_transport::handle {
  CURL* curl = nullptr;
  ~handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

smtp_transport::smtp_transport(smtp_settings settings)
    : settings_(std::move(settings)), handle_(std::make_unique<handle>()) {
  global_init();
}

smtp_transport::~smtp_transport() = default;

smtp_result smtp_transport::send(const std::string& envelope_from, const std::string& recipient,
                                 std::string_view message, const gate& before_end) {
  if (!settings_.reuse_connection || handle_->curl == nullptr) {
    handle_ = std::make_unique<handle>();
    handle_->curl = curl_easy_init();
    if (handle_->curl == nullptr) {
      return {smtp_outcome::unavailable, 0, "curl_easy_init failed"};
    }
  }
  CURL* curl = handle_->curl;
  const auto url = url_with_helo(settings_.url, settings_.helo_domain);
  const auto from = "<" + envelope_from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
  upload body{message, &before_end};
  char error[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run in threads
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.send_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   settings_.starttls_required ? static_cast<long>(CURLUSESSL_ALL)
                                               : static_cast<long>(CURLUSESSL_NONE));
  // Verify the server's certificate chain and name (libcurl's defaults, set so that nothing here
  // can be read as turning them off); there is no setting to skip it.
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl, CURLOPT_READDATA, &body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, settings_.reuse_connection ? 0L : 1L);

  const auto code = curl_easy_perform(curl);
  long response = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connections_ += connects;
  // The handle outlives this call; these locals do not.
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(curl, CURLOPT_READDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(rcpt);
  if (!settings_.reuse_connection) handle_ = std::make_unique<handle>();

  if (code == CURLE_OK) return {smtp_outcome::sent, response, ""};
  if (body.held) return {smtp_outcome::held, response, "held back before the end of the message"};
  const std::string text = error[0] != '\0' ? error : curl_easy_strerror(code);
  return {classify_smtp_failure(code, response, text), response,
          describe_smtp_failure(code, response, text)};
}

}  // namespace cambio::mailer
