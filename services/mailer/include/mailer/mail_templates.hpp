#pragma once
// The mail templates: for each name, a subject, a text and an HTML template (Mustache, kainjow),
// compiled into the binary from services/mailer/templates/<name>.{subject,txt,html}.mustache.
// Params are strings; every variable a template uses must be given (a missing one is an error,
// never an empty hole in a mail). HTML templates escape values; subject and text do not.
//
// Room for later (alerts): a template may come to declare headers of its own (List-Unsubscribe);
// rendered_mail::headers carries them to the message.

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mailer/mime_message.hpp"

namespace cambio::mailer {

// A mail that cannot be rendered: an unknown template or a missing param. Retrying cannot help.
class template_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct rendered_mail {
  std::string subject;
  std::string text;
  std::string html;
  std::vector<mail_header> headers;
};

// The variables a Mustache template uses ({{name}}, {{{name}}}, {{&name}}); section names
// ({{#name}}, {{^name}}) are optional and not included.
std::set<std::string> template_variables(std::string_view source);

class mail_templates {
 public:
  struct source {
    std::string subject;
    std::string text;
    std::string html;
  };

  // Throws std::invalid_argument naming a template that does not parse.
  explicit mail_templates(std::map<std::string, source> templates);

  // The templates compiled into the binary.
  static const mail_templates& embedded();
  // From files named "<dir>/<name>.<subject|txt|html>.mustache" (keys as cambio_embed_files
  // writes them); throws std::invalid_argument when a name lacks one of the three.
  static std::map<std::string, source> from_files(const std::map<std::string, std::string>& files);

  // Throws template_error: unknown template, or the params lack a variable it uses.
  rendered_mail render(const std::string& name, const nlohmann::json& params) const;

  std::vector<std::string> names() const;

 private:
  struct compiled {
    source text;
    std::set<std::string> variables;
  };
  std::map<std::string, compiled> templates_;
};

}  // namespace cambio::mailer
