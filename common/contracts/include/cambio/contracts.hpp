#pragma once
// The JSON Schemas of proto-schemas/, compiled into the binary, as an rmqrpc::validator.
// Schema names are file names without ".json": "<queue>.request", "<queue>.reply", "<key>.event".

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rmqrpc/server.hpp"

namespace cambio::contracts {

class schema_catalog final : public rmqrpc::validator {
 public:
  // All schemas of proto-schemas/ (embedded at build time).
  static const schema_catalog& embedded();

  bool has_schema(std::string_view name) const override;
  std::vector<std::string> violations(std::string_view name,
                                      const nlohmann::json& message) const override;
  std::vector<std::string> names() const;

  // Validates a whole reply envelope of `queue`: {"ok":true,"result":<queue>.reply} or an error.
  std::vector<std::string> reply_violations(std::string_view queue,
                                            const nlohmann::json& reply) const;

  schema_catalog();
  ~schema_catalog() override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cambio::contracts
