#pragma once
// The ECB history file read by the tests on their own, in plain code (the oracle), and copies of
// its first rows up to a date, to play an ECB file that ends on that day.

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cambio/testing/infra.hpp"

namespace cambio::testing {

// date → currency → rate against EUR; "N/A" and empty cells are absent.
using ecb_table = std::map<std::string, std::map<std::string, double>>;

inline ecb_table read_ecb_history(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream h(line);
  for (std::string cell; std::getline(h, cell, ',');) header.push_back(cell);
  ecb_table table;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string date;
    std::getline(row, date, ',');
    auto& rates = table[date];
    std::string cell;
    for (std::size_t i = 1; i < header.size() && std::getline(row, cell, ','); ++i) {
      if (!cell.empty() && cell != "N/A") rates[header[i]] = std::stod(cell);
    }
  }
  return table;
}

// A temporary copy of the ECB file holding only the rows dated on or before `last` (newest first,
// as the ECB writes it); removed on destruction.
class ecb_file_until {
 public:
  explicit ecb_file_until(const std::string& last) : path_("/tmp/" + unique_name("ecb_") + ".csv") {
    std::ifstream in(ecb_history_csv());
    std::ofstream out(path_);
    std::string line;
    std::getline(in, line);
    out << line << '\n';
    while (std::getline(in, line)) {
      if (line.substr(0, 10) <= last) out << line << '\n';
    }
  }
  ~ecb_file_until() { std::remove(path_.c_str()); }
  ecb_file_until(const ecb_file_until&) = delete;
  ecb_file_until& operator=(const ecb_file_until&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace cambio::testing
