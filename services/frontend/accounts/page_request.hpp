#pragma once
// One request to a server-rendered page as its handler sees it: the request and response, the
// db-proxy backend with the action's deadline, the signed-in user (if any), the CSRF token the
// page's forms carry and a notice for the layout. Made by account_site::page (account_pages.hpp),
// which every page of the site goes through: the account pages and the other features' pages
// (alerts/alert_pages.hpp) alike.

#include <optional>
#include <string>

#include <httplib.h>

#include "accounts/account_backend.hpp"
#include "accounts/session_store.hpp"
#include "page_layout.hpp"

namespace cambio::frontend::accounts {

struct page_request {
  const httplib::Request& req;
  httplib::Response& res;
  rpc_account_backend backend;
  std::optional<session_user> user;
  std::string csrf;        // what this page's forms carry
  std::string notice;      // a banner for the layout
  std::string session_id;  // the session cookie's value, "" if none

  page_frame frame() const {
    page_frame f;
    if (user) f.username = user->username;
    f.csrf_token = csrf;
    f.notice = notice;
    return f;
  }
  void html(int status, std::string body) {
    res.status = status;
    res.set_content(std::move(body), "text/html; charset=utf-8");
  }
  void redirect(const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
  }
};

}  // namespace cambio::frontend::accounts
