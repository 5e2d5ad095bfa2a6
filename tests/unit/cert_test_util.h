#pragma once
// Helpers shared by the cert_*_test.cpp files.
#include <fstream>
#include <iterator>
#include <string>

#include "util/bytes.h"

namespace tpmready::testutil {

inline Bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline std::string cert_data(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/cert/" + name; }
inline std::string vendor_ca(const std::string& name) { return std::string(TPMREADY_DATA_DIR) + "/vendor-ca/" + name; }

}  // namespace tpmready::testutil
