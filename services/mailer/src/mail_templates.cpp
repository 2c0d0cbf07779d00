#include "mailer/mail_templates.hpp"

#include <algorithm>
#include <cctype>

#include <kainjow/mustache.hpp>

namespace cambio::mailer::template_files {
const std::map<std::string, std::string>& embedded_files();
}

namespace cambio::mailer {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// Calls f(kind, name) for each tag of a Mustache template, in order: kind 'v' for a variable
// ({{name}}, {{{name}}}, {{&name}}), '#', '^' or '/' for a section's start, inverted start or
// end. Comments, partials and delimiter changes are skipped, and so is "." (the current item).
template <typename F>
void for_each_tag(std::string_view source, F f) {
  std::size_t pos = 0;
  while ((pos = source.find("{{", pos)) != std::string_view::npos) {
    const bool triple = source.substr(pos, 3) == "{{{";
    const auto open = pos + (triple ? 3 : 2);
    const auto close = source.find(triple ? "}}}" : "}}", open);
    if (close == std::string_view::npos) break;
    auto tag = trim(source.substr(open, close - open));
    pos = close + (triple ? 3 : 2);
    if (tag.empty()) continue;
    if (!triple) {
      const char kind = tag.front();
      if (kind == '#' || kind == '^' || kind == '/') {
        f(kind, trim(std::string_view(tag).substr(1)));
        continue;
      }
      if (kind == '!' || kind == '>' || kind == '=') continue;
      if (kind == '&') tag = trim(std::string_view(tag).substr(1));
    }
    if (!tag.empty() && tag != ".") f('v', std::move(tag));
  }
}

kainjow::mustache::data scalar_value(const nlohmann::json& value) {
  return value.is_string() ? kainjow::mustache::data(value.get<std::string>())
                           : kainjow::mustache::data(value.dump());
}

// A param as Mustache data: a string (other scalars and objects as their JSON text), or a list
// of objects of strings for a section.
kainjow::mustache::data param_value(const std::string& key, const nlohmann::json& value) {
  if (!value.is_array()) return scalar_value(value);
  kainjow::mustache::data list(kainjow::mustache::data::type::list);
  for (const auto& item : value) {
    const bool flat = item.is_object() && std::none_of(item.begin(), item.end(), [](const auto& v) {
                        return v.is_array() || v.is_object();
                      });
    if (!flat) {
      throw template_error("param '" + key + "' is a list: it must hold objects of strings");
    }
    kainjow::mustache::data object;
    for (auto field = item.begin(); field != item.end(); ++field) {
      object.set(field.key(), scalar_value(field.value()));
    }
    list.push_back(object);
  }
  return list;
}

kainjow::mustache::mustache parse(const std::string& name, const std::string& text) {
  kainjow::mustache::mustache m(text);
  if (!m.is_valid()) {
    throw std::invalid_argument("mail template " + name + ": " + m.error_message());
  }
  return m;
}

std::string render_one(const std::string& name, const std::string& text,
                       const kainjow::mustache::data& values, bool html) {
  auto m = parse(name, text);
  if (!html) m.set_custom_escape([](const std::string& s) { return s; });
  return m.render(values);
}

}  // namespace

std::set<std::string> template_variables(std::string_view source) {
  std::set<std::string> out;
  for_each_tag(source, [&](char kind, std::string name) {
    if (kind == 'v') out.insert(std::move(name));
  });
  return out;
}

void template_needs::merge(const template_needs& other) {
  variables.insert(other.variables.begin(), other.variables.end());
  for (const auto& [section, inside] : other.sections) {
    sections[section].insert(inside.begin(), inside.end());
  }
}

template_needs template_requirements(std::string_view source) {
  template_needs out;
  std::vector<std::pair<char, std::string>> open;  // the sections around the current tag
  const auto outermost_list = [&]() -> const std::string* {
    for (const auto& [kind, name] : open) {
      if (kind == '#') return &name;
    }
    return nullptr;
  };
  for_each_tag(source, [&](char kind, std::string name) {
    switch (kind) {
      case '#':
        if (outermost_list() == nullptr) out.sections[name];
        open.emplace_back(kind, std::move(name));
        break;
      case '^':
        open.emplace_back(kind, std::move(name));
        break;
      case '/':
        if (!open.empty()) open.pop_back();
        break;
      default:
        if (const auto* section = outermost_list()) {
          out.sections[*section].insert(std::move(name));
        } else {
          out.variables.insert(std::move(name));
        }
    }
  });
  return out;
}

std::vector<mail_header> list_unsubscribe_headers(std::string_view url) {
  constexpr std::size_t k_max_url = 900;
  const auto scheme_is = [&](std::string_view scheme) {
    if (url.size() <= scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
    }
    return url[scheme.size()] != '/';  // a host follows
  };
  const bool allowed = std::all_of(url.begin(), url.end(), [](char c) {
    return c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != '"';
  });
  if (!allowed || url.size() > k_max_url || !(scheme_is("https://") || scheme_is("http://"))) {
    const auto shown = url.substr(0, 120);
    throw template_error(
        "param 'list_unsubscribe' must be an http:// or https:// URL of at most 900 printable "
        "ASCII characters without spaces, quotes or angle brackets, not '" +
        std::string(shown) + (shown.size() < url.size() ? "...'" : "'"));
  }
  return {{"List-Unsubscribe", "<" + std::string(url) + ">", true},
          {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click", true}};
}

mail_templates::mail_templates(std::map<std::string, source> templates) {
  for (auto& [name, text] : templates) {
    // Parse now: a broken template fails at start, not at the first mail.
    parse(name + ".subject", text.subject);
    parse(name + ".txt", text.text);
    parse(name + ".html", text.html);
    compiled c{std::move(text), {}};
    for (const auto* part : {&c.text.subject, &c.text.text, &c.text.html}) {
      c.needs.merge(template_requirements(*part));
    }
    templates_.emplace(name, std::move(c));
  }
}

std::map<std::string, mail_templates::source> mail_templates::from_files(
    const std::map<std::string, std::string>& files) {
  std::map<std::string, source> out;
  std::map<std::string, int> parts;
  for (const auto& [path, text] : files) {
    const auto slash = path.rfind('/');
    auto file = path.substr(slash == std::string::npos ? 0 : slash + 1);
    constexpr std::string_view suffix = ".mustache";
    if (!file.ends_with(suffix)) continue;
    file.resize(file.size() - suffix.size());
    const auto dot = file.rfind('.');
    if (dot == std::string::npos) continue;
    const auto name = file.substr(0, dot);
    const auto kind = file.substr(dot + 1);
    auto& s = out[name];
    if (kind == "subject") {
      s.subject = text;
    } else if (kind == "txt") {
      s.text = text;
    } else if (kind == "html") {
      s.html = text;
    } else {
      throw std::invalid_argument("mail template file " + path +
                                  ": expected <name>.subject|txt|html.mustache");
    }
    ++parts[name];
  }
  for (const auto& [name, count] : parts) {
    if (count != 3) {
      throw std::invalid_argument("mail template " + name +
                                  " needs a .subject, a .txt and an .html file");
    }
  }
  // A subject is one line: the file's final newline is not part of it.
  for (auto& [name, s] : out) {
    while (!s.subject.empty() && (s.subject.back() == '\n' || s.subject.back() == '\r')) {
      s.subject.pop_back();
    }
  }
  return out;
}

const mail_templates& mail_templates::embedded() {
  static const mail_templates templates(from_files(template_files::embedded_files()));
  return templates;
}

rendered_mail mail_templates::render(const std::string& name, const nlohmann::json& params) const {
  const auto found = templates_.find(name);
  if (found == templates_.end()) throw template_error("unknown mail template '" + name + "'");
  const auto& t = found->second;
  // Lists of objects of strings only (throws naming the param otherwise).
  kainjow::mustache::data values;
  for (auto param = params.begin(); param != params.end(); ++param) {
    values.set(param.key(), param_value(param.key(), param.value()));
  }
  // Every variable given: as a param, or in each object of the list a section repeats.
  std::set<std::string> missing;
  for (const auto& variable : t.needs.variables) {
    const auto value = params.find(variable);
    if (value == params.end()) {
      missing.insert(variable);
    } else if (value->is_array()) {
      throw template_error("mail template '" + name + "' uses param '" + variable +
                           "' as a value, but the mail gives a list");
    }
  }
  for (const auto& [section, inside] : t.needs.sections) {
    const auto list = params.find(section);
    const bool repeated = list != params.end() && list->is_array();
    for (const auto& variable : inside) {
      if (params.contains(variable)) continue;
      if (!repeated) {
        missing.insert(variable);
        continue;
      }
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        if (!item.is_object() || !item.contains(variable)) {
          missing.insert(section + "[" + std::to_string(i) + "]." + variable);
        }
      }
    }
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    throw template_error("mail template '" + name +
                         "' needs param(s) missing from the mail: " + names);
  }
  std::vector<mail_header> headers;
  if (const auto unsubscribe = params.find("list_unsubscribe"); unsubscribe != params.end()) {
    if (!unsubscribe->is_string()) {
      throw template_error("param 'list_unsubscribe' must be a string (a URL)");
    }
    const auto& url = unsubscribe->get_ref<const std::string&>();
    if (!url.empty()) headers = list_unsubscribe_headers(url);
  }
  return {render_one(name, t.text.subject, values, false),
          render_one(name, t.text.text, values, false), render_one(name, t.text.html, values, true),
          std::move(headers)};
}

std::vector<std::string> mail_templates::names() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : templates_) out.push_back(name);
  return out;
}

}  // namespace cambio::mailer
