#include "db_proxy/mail_outbox.hpp"

#include <exception>

#include "cambio/log.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/request.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_enqueue_mail{"enqueue_mail", R"(
  INSERT INTO mail_outbox (template, recipient, params) VALUES ($1, $2, $3::jsonb)
  RETURNING id)"};

}  // namespace

std::int64_t enqueue_mail(pqxx::transaction_base& tx, const outbox_mail& mail) {
  const auto rows =
      exec(tx, k_enqueue_mail, mail.template_name, mail.recipient, mail.params.dump());
  return rows.at(0).at(0).as<std::int64_t>();
}

void announce_mail(const rmqrpc::request& r, int count) {
  try {
    r.publish(k_mail_queued_event, {{"count", count}});
  } catch (const std::exception& e) {
    cambio::log::get("db.mail")->warn(
        "mail.queued not published ({}); the mailers' poll will find "
        "the {} mail(s)",
        e.what(), count);
  }
}

}  // namespace cambio::db_proxy
