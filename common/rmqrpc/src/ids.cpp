#include "ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace rmqrpc::detail {

std::string new_uuid() {
  // Seeded once per thread from the system's entropy; boost's plain random_generator would make a
  // getrandom() system call for every id, and a call needs two.
  thread_local boost::uuids::random_generator_mt19937 generator;
  return boost::uuids::to_string(generator());
}

}  // namespace rmqrpc::detail
