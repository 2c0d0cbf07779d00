#include "accounts/account_views.hpp"

#include "cambio/currency.hpp"

namespace cambio::frontend::accounts {
namespace {

page_frame titled(const page_frame& frame, std::string title, std::string current) {
  auto f = frame;
  f.title = std::move(title);
  f.current = std::move(current);
  return f;
}

void set_if(template_data& d, const std::string& key, const std::string& value) {
  if (!value.empty()) d.set(key, value);
}

std::string plural(std::int64_t n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
}

}  // namespace

std::string duration_text(std::chrono::seconds d) {
  const auto s = d.count();
  if (s >= 3600 && s % 3600 == 0) return plural(s / 3600, "hour");
  if (s >= 60 && s % 60 == 0) return plural(s / 60, "minute");
  return plural(s, "second");
}

std::string render_register_page(const page_frame& frame, const register_form& form) {
  template_data d;
  d.set("username", form.username);
  d.set("email", form.email);
  for (const auto& [field, message] : form.problems) d.set(field + "_error", message);
  set_if(d, "error", form.error);
  return render_page(titled(frame, "Register", "/register"), "register", d);
}

std::string render_check_email_page(const page_frame& frame, std::string_view message,
                                    std::chrono::seconds link_ttl) {
  template_data d;
  d.set("message", std::string(message));
  d.set("ttl", duration_text(link_ttl));
  return render_page(titled(frame, "Check your email", ""), "check_email", d);
}

std::string render_login_page(const page_frame& frame, const login_form& form) {
  template_data d;
  d.set("login", form.login);
  set_if(d, "error", form.error);
  if (form.unverified_email) {
    d.set("unverified", true);
    d.set("unverified_email", *form.unverified_email);
  }
  return render_page(titled(frame, "Log in", "/login"), "login", d);
}

std::string render_resend_page(const page_frame& frame, const std::string& email,
                               const std::string& error) {
  template_data d;
  d.set("email", email);
  set_if(d, "error", error);
  return render_page(titled(frame, "Resend verification", ""), "resend", d);
}

std::string render_verify_page(const page_frame& frame, verify_status status) {
  template_data d;
  switch (status) {
    case verify_status::verified:
      d.set("heading", "Email verified");
      d.set("message",
            "Your email address is verified and your account is active. You can log in now.");
      d.set("class", "ok");
      d.set("verified", true);
      break;
    case verify_status::expired:
      d.set("heading", "This link has expired");
      d.set("message", "This verification link has expired. Ask for a new one below.");
      d.set("class", "error");
      d.set("verified", false);
      break;
    case verify_status::invalid:
      d.set("heading", "This link is not valid");
      d.set("message",
            "This verification link is not valid or has already been used. If your account is "
            "already verified, just log in.");
      d.set("class", "error");
      d.set("verified", false);
      break;
  }
  return render_page(titled(frame, "Verify your email", ""), "verify", d);
}

std::string render_logout_page(const page_frame& frame) {
  return render_page(titled(frame, "Log out", ""), "logout", template_data());
}

std::string render_profile_page(const page_frame& frame, const profile& p,
                                const std::string& error) {
  template_data d;
  d.set("username", p.username);
  d.set("email", p.email);
  d.set("created_at", p.created_at.substr(0, 10));
  d.set("picture_version", p.has_picture ? p.picture_etag.substr(0, 12) : std::string("none"));
  set_if(d, "error", error);
  kainjow::mustache::list currencies;
  for (const auto* info : cambio::currency::active()) {
    template_data c;
    c.set("code", std::string(info->code));
    c.set("name", std::string(info->name));
    c.set("selected", info->code == p.default_currency);
    currencies.push_back(c);
  }
  d.set("currencies", currencies);
  return render_page(titled(frame, "Profile", "/profile"), "profile", d);
}

std::string render_coming_soon_page(const page_frame& frame, std::string_view path) {
  std::string heading = "Coming soon";
  std::string what = "This feature";
  if (path == "/alerts") {
    heading = "Alerts";
    what = "Rate alerts by email when a currency pair crosses your threshold";
  } else if (path == "/wallet") {
    heading = "Wallet";
    what = "A multi-currency wallet with deposits, transfers and exchanges";
  } else if (path == "/orders") {
    heading = "Orders";
    what = "Buying BTC with a fiat amount at the current price";
  }
  template_data d;
  d.set("heading", heading);
  d.set("what", what);
  return render_page(titled(frame, heading, std::string(path)), "coming_soon", d);
}

}  // namespace cambio::frontend::accounts
