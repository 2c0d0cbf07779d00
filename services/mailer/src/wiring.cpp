#include "mailer/wiring.hpp"

#include <memory>

#include "cambio/log.hpp"
#include "cambio/service.hpp"
#include "mailer/delivery.hpp"
#include "mailer/mail_loop.hpp"
#include "mailer/mail_templates.hpp"
#include "mailer/mailer_settings.hpp"
#include "mailer/outbox.hpp"
#include "mailer/smtp_transport.hpp"

namespace cambio::mailer {
namespace {

// Everything built in on_start (it needs settings that --list-queues does not have).
struct parts {
  mailer_settings settings;
  std::unique_ptr<smtp_transport> transport;
  std::unique_ptr<outbox> box;
  std::unique_ptr<mail_delivery> delivery;
  std::unique_ptr<mail_loop> loop;
};

void start(cambio::service& service, parts& p) {
  p.settings = read_mailer_settings(service.config());
  const auto& templates = mail_templates::embedded();  // a broken template stops the start
  p.transport = std::make_unique<smtp_transport>(p.settings.smtp);
  p.box = std::make_unique<outbox>(service.client(), make_worker_id());
  p.delivery = std::make_unique<mail_delivery>(p.settings, templates, *p.transport, *p.box,
                                               service.metrics());
  p.loop = std::make_unique<mail_loop>(*p.box, *p.delivery, p.settings.batch, p.settings.lease,
                                       p.settings.poll);
  cambio::log::get("mail")->info(
      "SMTP {} (STARTTLS {}, AUTH {}, CAs {}), From {}, Message-IDs @{}", p.settings.smtp.url,
      p.settings.smtp.starttls_required ? "required" : "off",
      p.settings.smtp.user.empty() ? "off" : "as " + p.settings.smtp.user,
      p.settings.smtp.ca_file.empty() ? "of the system" : "from " + p.settings.smtp.ca_file,
      format_mailbox(p.settings.from), p.settings.domain);
  p.loop->start();
}

}  // namespace

void wire(cambio::service& service) {
  auto p = std::make_shared<parts>();
  // Competing consumers: each event wakes one mailer; the loop's poll covers a lost one.
  service.server().subscribe("mail.outbox.queued", "mail.queued", [p](const rmqrpc::request&) {
    if (p->loop) p->loop->wake();
  });
  service.add_health_check("smtp", [p] {
    return p->delivery ? p->delivery->health() : cambio::health_check{true, "starting"};
  });
  service.on_start([&service, p] { start(service, *p); });
  service.on_stop([p] {
    if (p->loop) p->loop->stop();
  });
}

}  // namespace cambio::mailer
