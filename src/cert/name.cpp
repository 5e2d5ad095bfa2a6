// Distinguished names: decoding and the two printed forms tests compare with OpenSSL.
#include "cert/oids.h"
#include "cert/x509_internal.h"

namespace tpmready::cert {
namespace {

std::string type_name(const std::string& o) {
  auto short_name = oid::attribute_short_name(o);
  return short_name ? std::string(*short_name) : o;
}

// RFC 2253 §2.4: escape , + " \ < > ; anywhere, '#' or ' ' at the start, ' ' at the end.
std::string escape_rfc2253(const std::string& v) {
  if (!v.empty() && v[0] == '#' && v.size() > 1 && v.find_first_not_of("0123456789abcdef", 1) == std::string::npos) {
    return v;  // "#hex" for a non-string value is printed raw by design
  }
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char ch = v[i];
    const bool special = ch == ',' || ch == '+' || ch == '"' || ch == '\\' || ch == '<' || ch == '>' || ch == ';';
    const bool edge = (i == 0 && (ch == '#' || ch == ' ')) || (i + 1 == v.size() && ch == ' ');
    if (special || edge) out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}

}  // namespace

std::string Name::rfc2253() const {
  std::string out;
  for (auto rdn = rdns.rbegin(); rdn != rdns.rend(); ++rdn) {
    if (!out.empty()) out += ",";
    // OpenSSL reverses every entry for RFC 2253, including those inside a multi-valued RDN.
    for (auto a = rdn->rbegin(); a != rdn->rend(); ++a) {
      if (a != rdn->rbegin()) out += "+";
      out += type_name(a->oid) + "=" + escape_rfc2253(a->value);
    }
  }
  return out;
}

std::string Name::oneline() const {
  std::string out;
  for (const auto& rdn : rdns) {
    for (std::size_t i = 0; i < rdn.size(); ++i) {
      out += i == 0 ? "/" : "+";
      out += type_name(rdn[i].oid) + "=" + rdn[i].value;
    }
  }
  return out;
}

std::string Name::find(std::string_view o) const {
  for (const auto& rdn : rdns) {
    for (const auto& a : rdn) {
      if (a.oid == o) return a.value;
    }
  }
  return {};
}

namespace detail {

Result<Name> parse_name(const der::Tlv& seq, std::string_view field) {
  if (seq.tag != der::kSequence) return seq.reader().error_here(field, "Name is not a SEQUENCE");
  Name name;
  name.der.assign(seq.whole.begin(), seq.whole.end());
  ByteReader r = seq.reader();
  while (!r.empty()) {
    auto set = TRY(der::read(r, der::kSet, "RelativeDistinguishedName"));
    ByteReader sr = set.reader();
    std::vector<NameAttribute> rdn;
    while (!sr.empty()) {
      auto atv = TRY(der::read(sr, der::kSequence, "AttributeTypeAndValue"));
      ByteReader ar = atv.reader();
      auto type = TRY(der::read_oid(ar, "AttributeType"));
      auto value = TRY(der::read_any(ar, "AttributeValue"));
      rdn.push_back({std::move(type), der::string_value(value)});
    }
    name.rdns.push_back(std::move(rdn));
  }
  return name;
}

}  // namespace detail
}  // namespace tpmready::cert
