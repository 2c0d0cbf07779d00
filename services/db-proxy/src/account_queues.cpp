#include "db_proxy/accounts.hpp"
#include "db_proxy/queue_table.hpp"

namespace cambio::db_proxy {

void append_accounts(cambio::service& service, std::shared_ptr<database> db) {
  serve(service, db,
        {{"db.accounts.verify", verify_email},
         {"db.accounts.credentials", account_credentials},
         {"db.accounts.login_result", record_login_result},
         {"db.sessions.create", create_session},
         {"db.sessions.get", get_session},
         {"db.sessions.revoke", revoke_session},
         {"db.accounts.profile", account_profile},
         {"db.accounts.password", change_password},
         {"db.pictures.get", get_picture},
         {"db.tokens.issue", issue_refresh_token},
         {"db.tokens.rotate", rotate_refresh_token},
         {"db.tokens.revoke", revoke_refresh_token}});
  // These commit outbox rows: the mailers are woken once the transaction has committed.
  serve_mailing(
      service, db,
      {{"db.accounts.register", register_account}, {"db.accounts.resend", resend_verification}});
  // These change what db.accounts.profile answers: the frontends drop their copy once committed.
  serve_profile_changes(service, db,
                        {{"db.accounts.update", update_account}, {"db.pictures.put", put_picture}});
}

}  // namespace cambio::db_proxy
