#pragma once
/// A fast JSON parser for the common subset of fleet documents, producing exactly the value
/// nlohmann::json::parse would. nlohmann's lexer copies strings a character at a time and was the
/// largest cost of fleet ingest (~25% of CPU for 23 KB bundles); here strings are found with
/// memchr and integers read with from_chars.
///
/// The subset: objects (no duplicate keys), arrays (nesting ≤ 256), strings of ASCII characters
/// with the simple escapes (\" \\ \/ \b \f \n \r \t), integers that fit 64 bits, true, false,
/// null. Anything else — \u escapes, non-ASCII bytes, fractions, exponents, huge integers,
/// invalid JSON — gives nullopt, and the caller parses with nlohmann, which decides and words any
/// error: results and error messages stay those of nlohmann.
#include <optional>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace tpmready::fleet {

std::optional<nlohmann::json> parse_json_subset(std::string_view text);

/// Equal values of equal types throughout (nlohmann's == calls unsigned 5 and signed 5 equal):
/// the contract above, as the tests and the fuzzer check it.
bool identical_json(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace tpmready::fleet
