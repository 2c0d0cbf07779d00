#include "cambio/service.hpp"
#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/mail_outbox.hpp"

namespace cambio::db_proxy {

void append_accounts(cambio::service& service, std::shared_ptr<database> db) {
  using fn = nlohmann::json (*)(database&, const nlohmann::json&, clock::time_point);
  const std::pair<const char*, fn> queues[] = {
      {"db.accounts.verify", verify_email},
      {"db.accounts.credentials", account_credentials},
      {"db.accounts.login_result", record_login_result},
      {"db.sessions.create", create_session},
      {"db.sessions.get", get_session},
      {"db.sessions.revoke", revoke_session},
      {"db.accounts.profile", account_profile},
      {"db.accounts.update", update_account},
      {"db.accounts.password", change_password},
      {"db.pictures.put", put_picture},
      {"db.pictures.get", get_picture},
      {"db.tokens.issue", issue_refresh_token},
      {"db.tokens.rotate", rotate_refresh_token},
      {"db.tokens.revoke", revoke_refresh_token},
  };
  for (const auto& [queue, handle] : queues) {
    service.server().handle(queue, [db, handle = handle](const rmqrpc::request& r) {
      return handle(*db, r.params(), r.deadline());
    });
  }

  // These commit outbox rows: the mailers are woken once the transaction has committed.
  using mail_fn = reply_with_mail (*)(database&, const nlohmann::json&, clock::time_point);
  const std::pair<const char*, mail_fn> mailing_queues[] = {
      {"db.accounts.register", register_account},
      {"db.accounts.resend", resend_verification},
  };
  for (const auto& [queue, handle] : mailing_queues) {
    service.server().handle(queue, [db, handle = handle](const rmqrpc::request& r) {
      auto done = handle(*db, r.params(), r.deadline());
      if (done.mails > 0) announce_mail(r, done.mails);
      return std::move(done.reply);
    });
  }
}

}  // namespace cambio::db_proxy
