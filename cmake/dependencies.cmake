# Every system dependency comes from a Debian 12 package (deploy/install-deps.sh installs them)
# and is used through a namespaced imported target.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(Catch2 2.13 REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL 3 REQUIRED)  # TLS for Boost.Beast (the BTC WebSocket)
# Howard Hinnant's date/tz (what C++20 <chrono> time zones are based on; libstdc++ 12 lacks them),
# reading the system's tzdata.
find_package(date 3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(rabbitmq REQUIRED IMPORTED_TARGET librabbitmq>=0.11)
pkg_check_modules(pqxx REQUIRED IMPORTED_TARGET libpqxx>=6.4)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)

# Debian builds cpp-httplib 0.11 as a shared library (split mode) with a pkg-config file.
pkg_check_modules(httplib REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)

# Accounts: JWT access tokens, picture decoding (stb: PNG/JPEG/GIF, Debian's libstb.so holds the
# implementations; libwebp: WebP), password strength (zxcvbn-c), templates (kainjow mustache,
# header-only).
pkg_check_modules(jwt REQUIRED IMPORTED_TARGET libjwt>=1.10)
pkg_check_modules(stb REQUIRED IMPORTED_TARGET stb)
pkg_check_modules(webp REQUIRED IMPORTED_TARGET libwebp)
find_path(ZXCVBN_INCLUDE_DIR zxcvbn.h REQUIRED)
find_library(ZXCVBN_LIBRARY zxcvbn REQUIRED)
add_library(zxcvbn INTERFACE IMPORTED)
target_include_directories(zxcvbn SYSTEM INTERFACE ${ZXCVBN_INCLUDE_DIR})
target_link_libraries(zxcvbn INTERFACE ${ZXCVBN_LIBRARY})
add_library(zxcvbn::zxcvbn ALIAS zxcvbn)
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(mustache INTERFACE IMPORTED)
target_include_directories(mustache SYSTEM INTERFACE ${MUSTACHE_INCLUDE_DIR})
add_library(mustache::mustache ALIAS mustache)

# valijson is header-only; Debian installs it under /usr/include/valijson.
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
add_library(valijson INTERFACE IMPORTED)
target_include_directories(valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
add_library(valijson::valijson ALIAS valijson)

include(Catch)
