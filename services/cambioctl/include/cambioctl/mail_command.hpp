#pragma once
// cambioctl mail list [--dead|--pending|--sent] [--limit N] [--json]
//                                         the newest outbox mails (default 20), one status or all
// cambioctl mail retry <id> | --all-dead  a dead mail (or every one) back to pending, due now
// Through db-proxy's db.mail.list and db.mail.retry.

#include <string>

#include <nlohmann/json.hpp>

#include "cambioctl/command.hpp"

namespace cambio::cambioctl {

command mail_command();

// The db.mail.list reply as a table for people: ID, STATUS, TRIES, CREATED, TEMPLATE, RECIPIENT,
// and under a dead or retrying mail its last error; a closing line on what is dead.
std::string mail_table(const nlohmann::json& list);

}  // namespace cambio::cambioctl
