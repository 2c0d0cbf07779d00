#pragma once
// The home page: what Cambio is, and which backend services answer right now.

#include <string>
#include <vector>

#include "backend_status.hpp"

namespace cambio::frontend {

// A complete HTML document.
std::string render_home_page(const std::vector<backend_status>& backends);

}  // namespace cambio::frontend
