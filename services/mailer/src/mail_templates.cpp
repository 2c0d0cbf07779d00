#include "mailer/mail_templates.hpp"

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
      if (std::string_view("#^/!>=").find(tag.front()) != std::string_view::npos) continue;
      if (tag.front() == '&') tag = trim(std::string_view(tag).substr(1));
    }
    if (!tag.empty() && tag != ".") out.insert(tag);
  }
  return out;
}

mail_templates::mail_templates(std::map<std::string, source> templates) {
  for (auto& [name, text] : templates) {
    // Parse now: a broken template fails at start, not at the first mail.
    parse(name + ".subject", text.subject);
    parse(name + ".txt", text.text);
    parse(name + ".html", text.html);
    compiled c{std::move(text), {}};
    for (const auto* part : {&c.text.subject, &c.text.text, &c.text.html}) {
      c.variables.merge(template_variables(*part));
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
  kainjow::mustache::data values;
  for (const auto& [key, value] : params.items()) {
    values.set(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  std::string missing;
  for (const auto& variable : t.variables) {
    if (!params.contains(variable)) missing += (missing.empty() ? "" : ", ") + variable;
  }
  if (!missing.empty()) {
    throw template_error("mail template '" + name +
                         "' needs param(s) missing from the mail: " + missing);
  }
  return {render_one(name, t.text.subject, values, false),
          render_one(name, t.text.text, values, false),
          render_one(name, t.text.html, values, true),
          {}};
}

std::vector<std::string> mail_templates::names() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : templates_) out.push_back(name);
  return out;
}

}  // namespace cambio::mailer
