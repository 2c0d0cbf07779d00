#include "accounts/account_pages.hpp"

#include <functional>
#include <optional>
#include <vector>

#include "accounts/account_views.hpp"
#include "accounts/cookies.hpp"
#include "accounts/csrf.hpp"
#include "accounts/picture.hpp"
#include "accounts/profile_flows.hpp"
#include "accounts/secret_token.hpp"
#include "backend_status.hpp"
#include "cambio/log.hpp"
#include "home_page.hpp"
#include "http_error.hpp"
#include "page_layout.hpp"
#include "rate_limiter.hpp"
#include "request_id.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::accounts {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("accounts");
  return log;
}

constexpr const char* k_html = "text/html; charset=utf-8";
constexpr std::chrono::milliseconds k_probe_timeout{1000};
// The multipart envelope around a 2 MB picture (boundaries, headers, the csrf field).
constexpr std::size_t k_multipart_overhead = 64 * 1024;

std::string form_value(const httplib::Request& req, const std::string& name) {
  if (req.is_multipart_form_data()) {
    return req.has_file(name) ? req.get_file_value(name).content : std::string();
  }
  return req.get_param_value(name);
}

// The client's address as db-proxy takes it: IP text without an IPv6 zone.
std::string client_address(const httplib::Request& req) {
  auto address = req.remote_addr;
  if (const auto zone = address.find('%'); zone != std::string::npos) address.resize(zone);
  return address.empty() ? std::string("0.0.0.0") : address;
}

std::string wait_text(std::chrono::seconds s) {
  if (s.count() >= 60) return duration_text(std::chrono::ceil<std::chrono::minutes>(s));
  return duration_text(s);
}

// True if an If-None-Match header names `etag` (a quoted value) or is "*".
bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    auto end = if_none_match.find(',', start);
    if (end == std::string::npos) end = if_none_match.size();
    auto item = if_none_match.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.rfind("W/", 0) == 0) item.erase(0, 2);
    if (item == etag) return true;
    start = end + 1;
  }
  return false;
}

// Our pages load nothing but the stylesheet and our own images, run no script, post only to us
// and are never framed; the verification token in /verify's URL never leaves in a Referer.
void set_page_security_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; "
                 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
}

}  // namespace

struct account_site::impl {
  rmqrpc::client& client;
  profile_cache& profiles;
  account_settings settings;
  std::string session_cookie;
  std::string csrf_cookie;
  std::shared_ptr<address_limits> limits;

  impl(rmqrpc::client& c, profile_cache& p) : client(c), profiles(p) {}

  // ---- the frame of every page ----

  using kind = page_kind;

  httplib::Server::Handler page(kind k, page_fn fn) {
    return [this, k, fn = std::move(fn)](const httplib::Request& req, httplib::Response& res) {
      const auto id = request_id_of(req);
      cambio::log::request_scope scope(id);
      res.set_header("X-Request-Id", id);
      res.set_header("Cache-Control", "no-store");
      set_page_security_headers(res);
      page_request p{req, res, rpc_account_backend(client), std::nullopt, "", "", ""};
      try {
        identify(p, k == kind::read_lenient || k == kind::signed_link);
        if (k == kind::change && !csrf_ok(p)) {
          logger()->warn("{} {}: missing or wrong CSRF token; answered 403", req.method, req.path);
          p.html(403, render_error_page(p.frame(), 403,
                                        "This form has expired or did not come from this site. "
                                        "Reload the page and try again."));
          return;
        }
        fn(p);
      } catch (const rmqrpc::error& e) {
        fail(p, e);
      } catch (const std::exception& e) {
        logger()->error("{} {} failed: {}; answered 500", req.method, req.path, e.what());
        p.html(500, render_error_page(p.frame(), 500,
                                      "Something went wrong on our side. Please try again later."));
      }
    };
  }

  void fail(page_request& p, const rmqrpc::error& e) {
    const int status = http_status(e);
    if (is_server_error(e.code())) {
      logger()->warn("{} {}: {} ({}); answered {}", p.req.method, p.req.path, e.what(),
                     rmqrpc::to_string(e.code()), status);
    }
    if (status == 503) p.res.set_header("Retry-After", "10");
    auto frame = p.frame();
    p.html(status, render_error_page(frame, status, friendly_message(e)));
  }

  // Who is asking, and the CSRF token of their forms.
  void identify(page_request& p, bool lenient) {
    const auto cookies = p.req.get_header_value("Cookie");
    if (auto sid = find_cookie(cookies, session_cookie); sid && !sid->empty()) {
      p.session_id = *sid;
      try {
        p.user = find_session(p.backend, *sid);
        if (!p.user) {
          p.res.set_header("Set-Cookie", clear_cookie_value(settings.cookies, session_cookie));
        }
      } catch (const rmqrpc::error& e) {
        if (!lenient) throw;
        logger()->warn("{} {}: the session could not be checked ({}); shown as signed out",
                       p.req.method, p.req.path, e.what());
      }
    }
    if (p.user) {
      p.csrf = p.user->csrf_token;
      return;
    }
    auto nonce = find_cookie(cookies, csrf_cookie);
    if (!nonce || !is_token_shaped(*nonce)) {
      if (p.req.method != "GET") return;  // a POST without the cookie cannot pass the check
      nonce = new_secret_token().token;
      p.res.set_header("Set-Cookie", set_cookie_value(settings.cookies, csrf_cookie, *nonce));
    }
    p.csrf = anonymous_csrf_token(settings.secret_key, *nonce);
  }

  static bool csrf_ok(const page_request& p) {
    auto presented = form_value(p.req, "csrf");
    if (presented.empty()) presented = p.req.get_header_value("X-CSRF-Token");
    return csrf_accepted(p.csrf, presented);
  }

  bool limited(page_request& p, rate_limiter& limiter, const std::string& what) {
    const auto decision = limiter.take(client_address(p.req));
    if (decision.allowed) return false;
    const auto wait = decision.retry_after;
    p.res.set_header("Retry-After", std::to_string(wait.count()));
    p.html(429, render_error_page(p.frame(), 429,
                                  "Too many " + what + " from your address. Please wait " +
                                      wait_text(wait) + " and try again."));
    return true;
  }

  // ---- pages ----

  void home(page_request& p) {
    p.html(200, render_home_page(p.frame(), probe_backends(client, k_probe_timeout)));
  }

  void register_form_page(page_request& p) {
    if (p.user) return p.redirect("/profile");
    p.html(200, render_register_page(p.frame(), {}));
  }

  void register_submit(page_request& p) {
    if (limited(p, limits->registrations, "registrations")) return;
    registration input{form_value(p.req, "username"), form_value(p.req, "email"),
                       form_value(p.req, "password")};
    const auto result = register_account(p.backend, settings.flows, input);
    if (!result.accepted()) {
      register_form form{input.username, input.email, result.problems, ""};
      return p.html(400, render_register_page(p.frame(), form));
    }
    logger()->info("registration submitted");
    p.html(200, render_check_email_page(
                    p.frame(),
                    "We have sent a mail to the address you gave. Follow the link in it to "
                    "activate your account.",
                    settings.flows.verify_ttl));
  }

  void verify(page_request& p) {
    const auto result = verify_email(p.backend, p.req.get_param_value("token"));
    if (result.status == verify_status::verified) {
      logger()->info("user {} verified their email", result.user_id);
    }
    const int status = result.status == verify_status::verified  ? 200
                       : result.status == verify_status::expired ? 410
                                                                 : 400;
    p.html(status, render_verify_page(p.frame(), result.status));
  }

  void resend_form_page(page_request& p) {
    p.html(200, render_resend_page(p.frame(), p.req.get_param_value("email"), ""));
  }

  void resend_submit(page_request& p) {
    if (limited(p, limits->resends, "verification requests")) return;
    const auto email = form_value(p.req, "email");
    const auto result = resend_verification(p.backend, settings.flows, email);
    if (!result.accepted()) {
      return p.html(400, render_resend_page(p.frame(), email, *result.problem));
    }
    p.html(200, render_check_email_page(
                    p.frame(),
                    "If an account with this email address is waiting for verification, we have "
                    "sent a new link to it.",
                    settings.flows.verify_ttl));
  }

  void login_form_page(page_request& p) {
    if (p.user) return p.redirect("/profile");
    p.html(200, render_login_page(p.frame(), {}));
  }

  void login_submit(page_request& p) {
    login_form form;
    form.login = form_value(p.req, "login");
    const auto result = log_in(p.backend, settings.flows,
                               {form.login, form_value(p.req, "password"), client_address(p.req)});
    switch (result.status) {
      case login_status::throttled:
        logger()->info("login refused: throttled for {} s", result.retry_after.count());
        p.res.set_header("Retry-After", std::to_string(result.retry_after.count()));
        form.error = "Too many failed attempts. Please wait " + wait_text(result.retry_after) +
                     " before trying again.";
        return p.html(429, render_login_page(p.frame(), form));
      case login_status::invalid:
        logger()->info("login refused: wrong credentials");
        form.error = "The username or email and password do not match an account.";
        return p.html(401, render_login_page(p.frame(), form));
      case login_status::unverified:
        logger()->info("login refused: user {} is not verified", result.user_id);
        form.unverified_email = result.email;
        return p.html(403, render_login_page(p.frame(), form));
      case login_status::ok:
        break;
    }
    const auto replaces =
        p.session_id.empty() ? std::nullopt : std::optional<std::string>(p.session_id);
    const auto session = start_session(p.backend, settings.sessions, result.user_id, replaces);
    logger()->info("user {} logged in", result.user_id);
    p.res.set_header("Set-Cookie", set_cookie_value(settings.cookies, session_cookie, session.id,
                                                    settings.sessions.absolute));
    p.redirect("/profile");
  }

  void logout_page(page_request& p) { p.html(200, render_logout_page(p.frame())); }

  void logout_submit(page_request& p) {
    if (p.user) {
      end_session(p.backend, p.user->session_id);
      logger()->info("user {} logged out", p.user->user_id);
    }
    p.res.set_header("Set-Cookie", clear_cookie_value(settings.cookies, session_cookie));
    p.redirect("/logout");
  }

  static bool signed_in(page_request& p) { return require_signed_in(p); }

  void show_profile(page_request& p, int status, const std::string& error) {
    const auto prof = load_profile(p.backend, profiles, p.user->user_id);
    p.html(status, render_profile_page(p.frame(), prof, error));
  }

  void profile_page(page_request& p) {
    if (!signed_in(p)) return;
    const auto saved = p.req.get_param_value("saved");
    if (saved == "currency") p.notice = "Your default currency is saved.";
    if (saved == "password") p.notice = "Your password is changed; your other sessions have ended.";
    if (saved == "picture") p.notice = "Your new picture is saved.";
    show_profile(p, 200, "");
  }

  void currency_submit(page_request& p) {
    if (!signed_in(p)) return;
    try {
      set_default_currency(p.backend, profiles, p.user->user_id,
                           form_value(p.req, "default_currency"));
    } catch (const rmqrpc::error& e) {
      if (e.code() != rmqrpc::errc::invalid_argument) throw;
      return show_profile(p, 400, e.what());
    }
    p.redirect("/profile?saved=currency");
  }

  void password_submit(page_request& p) {
    if (!signed_in(p)) return;
    const auto result =
        change_password(p.backend, settings.flows, *p.user, client_address(p.req),
                        form_value(p.req, "current_password"), form_value(p.req, "new_password"));
    switch (result.status) {
      case password_change_status::changed:
        logger()->info("user {} changed their password; {} other session(s) ended", p.user->user_id,
                       result.revoked_sessions);
        return p.redirect("/profile?saved=password");
      case password_change_status::wrong_password:
        return show_profile(p, 400, "The current password is wrong.");
      case password_change_status::weak:
        return show_profile(p, 400, result.problem);
      case password_change_status::throttled:
        p.res.set_header("Retry-After", std::to_string(result.retry_after.count()));
        return show_profile(p, 429,
                            "Too many failed attempts. Please wait " +
                                wait_text(result.retry_after) + " before trying again.");
    }
  }

  void picture_submit(page_request& p) {
    if (!signed_in(p)) return;
    if (!p.req.is_multipart_form_data() || !p.req.has_file("picture")) {
      return show_profile(p, 400, "Choose an image file to upload.");
    }
    const auto& upload = p.req.get_file_value("picture").content;
    if (upload.size() > k_max_upload_bytes) {
      return show_profile(p, 413, "The image is larger than 2 MB: choose a smaller one.");
    }
    std::string png;
    try {
      png = normalize_picture(upload);
    } catch (const picture_error& e) {
      logger()->info("user {}: picture refused: {}", p.user->user_id, e.what());
      return show_profile(p, 400, e.what());
    }
    store_picture(p.backend, profiles, p.user->user_id, png);
    p.redirect("/profile?saved=picture");
  }

  void picture(page_request& p) {
    if (!p.user) {
      return p.html(401, render_error_page(p.frame(), 401, "Log in to see your picture."));
    }
    auto stored = load_picture(p.backend, p.user->user_id);
    std::string body;
    std::string type;
    std::string etag;
    if (stored) {
      body = std::move(stored->png);
      type = "image/png";
      etag = "\"" + stored->etag + "\"";
    } else {
      body = default_picture_svg(p.user->username);
      type = "image/svg+xml";
      etag = "\"default-" + sha256_hex(body).substr(0, 16) + "\"";
    }
    // Only this user's, and revalidated on every use (a 304 while it has not changed).
    p.res.headers.erase("Cache-Control");
    p.res.set_header("Cache-Control", "private, no-cache");
    p.res.set_header("ETag", etag);
    if (etag_matches(p.req.get_header_value("If-None-Match"), etag)) {
      p.res.status = 304;
      return;
    }
    p.res.status = 200;
    p.res.set_content(std::move(body), type);
  }

  void coming_soon(page_request& p) { p.html(200, render_coming_soon_page(p.frame(), p.req.path)); }
};

bool require_signed_in(page_request& p) {
  if (p.user) return true;
  if (p.req.method == "GET") {
    p.redirect("/login");
  } else {
    p.html(401, render_error_page(p.frame(), 401, "Your session has ended: please log in again."));
  }
  return false;
}

account_site::account_site(rmqrpc::client& client, profile_cache& profiles)
    : impl_(std::make_unique<impl>(client, profiles)) {}
account_site::~account_site() = default;

void account_site::configure(const account_settings& settings,
                             std::shared_ptr<address_limits> limits) {
  impl_->settings = settings;
  impl_->session_cookie = session_cookie_name(settings.cookies);
  impl_->csrf_cookie = csrf_cookie_name(settings.cookies);
  impl_->limits = std::move(limits);
}

httplib::Server::Handler account_site::page(page_kind k, page_fn fn) {
  return impl_->page(k, std::move(fn));
}

const account_settings& account_site::settings() const { return impl_->settings; }

void account_site::append_routes(httplib::Server& routes) {
  auto* s = impl_.get();
  using kind = impl::kind;
  const auto bind = [s](void (impl::*fn)(page_request&)) {
    return [s, fn](page_request& p) { (s->*fn)(p); };
  };
  routes.set_payload_max_length(k_max_upload_bytes + k_multipart_overhead);

  routes.Get("/", s->page(kind::read_lenient, bind(&impl::home)));
  routes.Get("/register", s->page(kind::read, bind(&impl::register_form_page)));
  routes.Post("/register", s->page(kind::change, bind(&impl::register_submit)));
  routes.Get("/verify", s->page(kind::read, bind(&impl::verify)));
  routes.Get("/resend", s->page(kind::read, bind(&impl::resend_form_page)));
  routes.Post("/resend", s->page(kind::change, bind(&impl::resend_submit)));
  routes.Get("/login", s->page(kind::read, bind(&impl::login_form_page)));
  routes.Post("/login", s->page(kind::change, bind(&impl::login_submit)));
  routes.Get("/logout", s->page(kind::read, bind(&impl::logout_page)));
  routes.Post("/logout", s->page(kind::change, bind(&impl::logout_submit)));
  routes.Get("/profile", s->page(kind::read, bind(&impl::profile_page)));
  routes.Post("/profile/currency", s->page(kind::change, bind(&impl::currency_submit)));
  routes.Post("/profile/password", s->page(kind::change, bind(&impl::password_submit)));
  routes.Post("/profile/picture", s->page(kind::change, bind(&impl::picture_submit)));
  routes.Get("/profile/picture", s->page(kind::read, bind(&impl::picture)));
  for (const char* shell : {"/wallet", "/orders"}) {
    routes.Get(shell, s->page(kind::read_lenient, bind(&impl::coming_soon)));
  }

  routes.Get("/static/cambio.css", [](const httplib::Request& req, httplib::Response& res) {
    const auto etag = "\"" + stylesheet_version() + "\"";
    res.set_header("ETag", etag);
    // The layout links it as /static/cambio.css?v=<version>: a new stylesheet is a new URL.
    res.set_header("Cache-Control", "public, max-age=86400");
    if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return;
    }
    res.set_content(embedded_asset("static/cambio.css"), "text/css; charset=utf-8");
  });

  // Any 4xx/5xx without a body of its own (no route, a method not served, an upload over the
  // payload limit, a malformed request) becomes a friendly page; the JSON API's errors have
  // bodies and pass through.
  routes.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                   httplib::Response& res) {
    if (!res.body.empty() || req.path.rfind("/api/", 0) == 0) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    std::string message = "Something went wrong. Please try again.";
    switch (res.status) {
      case 404:
        message = "There is no page at " + req.path + ". Check the address, or start from home.";
        break;
      case 413:
        message = "The upload is too large: a picture may be at most 2 MB.";
        break;
      case 400:
        message = "The request could not be understood.";
        break;
      default:
        if (res.status >= 500)
          message = "Something went wrong on our side. Please try again later.";
    }
    res.set_header("Cache-Control", "no-store");
    set_page_security_headers(res);
    res.set_content(render_error_page(page_frame{}, res.status, message), k_html);
    return httplib::Server::HandlerResponse::Handled;
  }));
}

}  // namespace cambio::frontend::accounts
