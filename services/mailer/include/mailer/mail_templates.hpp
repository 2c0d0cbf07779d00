#pragma once
// The mail templates: for each name, a subject, a text and an HTML template (Mustache, kainjow),
// compiled into the binary from services/mailer/templates/<name>.{subject,txt,html}.mustache.
// Params are strings, or lists for sections: a param may be an array of objects of strings,
// which a section ({{#items}}...{{/items}}) repeats once per object. Every variable a template
// uses must be given (a missing one is an error, never an empty hole in a mail): outside a
// section as a param; inside a section iterated over a list, in each of its objects (or as a
// param); inside any other section, as a param. HTML templates escape values; subject and text
// do not.
//
// Headers of a mail's own: params holding a non-empty string `list_unsubscribe` (an http(s) URL)
// give the mail `List-Unsubscribe: <URL>` and `List-Unsubscribe-Post:
// List-Unsubscribe=One-Click` (RFC 2369, RFC 8058); rendered_mail::headers carries them to the
// message.

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mailer/mime_message.hpp"

namespace cambio::mailer {

// A mail that cannot be rendered: an unknown template, a missing param, a param of the wrong
// shape or an invalid list_unsubscribe URL. Retrying cannot help.
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

// The variables a Mustache template uses ({{name}}, {{{name}}}, {{&name}}), inside sections or
// not; section names ({{#name}}, {{^name}}) are optional and not included.
std::set<std::string> template_variables(std::string_view source);

// What a template needs from its params: the variables used outside any {{#section}}, and for
// each outermost {{#section}} the variables used inside it (nested sections included). Inverted
// sections ({{^name}}) do not change the context: their variables count where they stand.
struct template_needs {
  std::set<std::string> variables;
  std::map<std::string, std::set<std::string>> sections;

  void merge(const template_needs& other);
};
template_needs template_requirements(std::string_view source);

// The headers of RFC 2369/8058 one-click unsubscription for `url`. Throws template_error unless
// `url` is an http:// or https:// URL of printable ASCII without spaces, quotes or angle
// brackets, at most 900 characters (the header line stays under RFC 5322's 998).
std::vector<mail_header> list_unsubscribe_headers(std::string_view url);

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

  // Throws template_error: unknown template, the params lack a variable it uses, a param has
  // the wrong shape (a list used as a value; a list that is not of objects of strings), or
  // list_unsubscribe is not a valid URL.
  rendered_mail render(const std::string& name, const nlohmann::json& params) const;

  std::vector<std::string> names() const;

 private:
  struct compiled {
    source text;
    template_needs needs;
  };
  std::map<std::string, compiled> templates_;
};

}  // namespace cambio::mailer
