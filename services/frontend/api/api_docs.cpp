#include "api/api_docs.hpp"

#include <algorithm>
#include <string>

#include "api_handler.hpp"

namespace cambio::frontend::api {
namespace {

constexpr const char* k_methods[] = {"get", "post", "put", "patch", "delete"};

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "string", "integer", "string (date)", or the referenced schema's name.
std::string type_of(const nlohmann::json& schema) {
  if (schema.contains("$ref")) {
    const auto ref = schema["$ref"].get<std::string>();
    return ref.substr(ref.rfind('/') + 1);
  }
  auto type = text_of(schema, "type");
  if (const auto format = text_of(schema, "format"); !format.empty()) type += " (" + format + ")";
  return type;
}

kainjow::mustache::list parameters_of(const nlohmann::json& operation) {
  kainjow::mustache::list out;
  for (const auto& p : operation.value("parameters", nlohmann::json::array())) {
    template_data row;
    row.set("name", text_of(p, "name"));
    row.set("in", text_of(p, "in"));
    row.set("type", type_of(p.value("schema", nlohmann::json::object())));
    row.set("required", p.value("required", false) ? "required" : "optional");
    row.set("description", text_of(p, "description"));
    out.push_back(row);
  }
  return out;
}

kainjow::mustache::list body_fields_of(const nlohmann::json& operation) {
  kainjow::mustache::list out;
  const auto schema = operation.value("/requestBody/content/application~1json/schema"_json_pointer,
                                      nlohmann::json::object());
  const auto required = schema.value("required", nlohmann::json::array());
  const auto properties = schema.value("properties", nlohmann::json::object());
  for (const auto& [name, field] : properties.items()) {
    template_data row;
    row.set("name", name);
    row.set("type", type_of(field));
    const bool is_required =
        std::find(required.begin(), required.end(), nlohmann::json(name)) != required.end();
    row.set("required", is_required ? "required" : "optional");
    row.set("description", text_of(field, "description"));
    out.push_back(row);
  }
  return out;
}

kainjow::mustache::list responses_of(const nlohmann::json& operation) {
  kainjow::mustache::list out;
  const auto responses = operation.value("responses", nlohmann::json::object());
  for (const auto& [status, response] : responses.items()) {
    template_data row;
    row.set("status", status);
    row.set("description", text_of(response, "description"));
    out.push_back(row);
  }
  return out;
}

template_data operation_view(const std::string& method, const std::string& path,
                             const nlohmann::json& operation) {
  template_data op;
  op.set("method", method);
  op.set("METHOD", method == "get"     ? "GET"
                   : method == "post"  ? "POST"
                   : method == "put"   ? "PUT"
                   : method == "patch" ? "PATCH"
                                       : "DELETE");
  op.set("path", path);
  op.set("id", text_of(operation, "operationId"));
  op.set("summary", text_of(operation, "summary"));
  op.set("description", text_of(operation, "description"));
  op.set("bearer", operation.contains("security"));
  const auto parameters = parameters_of(operation);
  const auto fields = body_fields_of(operation);
  op.set("has_parameters", !parameters.empty());
  op.set("parameters", parameters);
  op.set("has_body", !fields.empty());
  op.set("body", fields);
  op.set("responses", responses_of(operation));
  return op;
}

}  // namespace

const nlohmann::json& openapi_document() {
  static const auto document = nlohmann::json::parse(embedded_asset("api/openapi.json"));
  return document;
}

template_data api_docs_view(const nlohmann::json& document) {
  kainjow::mustache::list sections;
  for (const auto& tag : document.value("tags", nlohmann::json::array())) {
    const auto name = text_of(tag, "name");
    kainjow::mustache::list operations;
    for (const auto& [path, item] : document.at("paths").items()) {
      for (const char* method : k_methods) {
        if (!item.contains(method)) continue;
        const auto& operation = item[method];
        const auto tags = operation.value("tags", nlohmann::json::array());
        if (std::find(tags.begin(), tags.end(), nlohmann::json(name)) == tags.end()) continue;
        operations.push_back(operation_view(method, path, operation));
      }
    }
    template_data section;
    section.set("tag", name);
    section.set("description", text_of(tag, "description"));
    section.set("operations", operations);
    sections.push_back(section);
  }
  template_data d;
  d.set("title", text_of(document.at("info"), "title"));
  d.set("version", text_of(document.at("info"), "version"));
  d.set("description", text_of(document.at("info"), "description"));
  d.set("sections", sections);
  return d;
}

void append_api_docs(httplib::Server& routes) {
  routes.Get("/api/v1/openapi.json", api_handler([](const httplib::Request&) {
               return api_reply{openapi_document(), "public, max-age=300"};
             }));
  routes.Get("/api/docs", [](const httplib::Request&, httplib::Response& res) {
    page_frame frame;
    frame.title = "API";
    frame.current = "/api/docs";
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(render_page(frame, "api_docs", api_docs_view(openapi_document())),
                    "text/html; charset=utf-8");
  });
}

}  // namespace cambio::frontend::api
