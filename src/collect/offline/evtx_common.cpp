// Portable half of the .evtx reader: channel filter, event-XML → WindowsEvent, bookkeeping.
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "collect/offline/evtx_reader.h"
#include "util/utf8.h"
#include "util/text.h"

namespace tpmready::offline {
namespace {

// Channels/providers whose records matter for attestation: the providers of the event table
// (data/windows_events.json; a unit test holds the two together). Matched as case-insensitive
// prefixes of the channel or the provider name, so ".../Autopilot", ".../ManagementService",
// ".../Admin" all match.
constexpr std::string_view kAttestationPrefixes[] = {
    "Microsoft-Windows-ModernDeployment-Diagnostics-Provider",        // Autopilot TPM attestation
    "Microsoft-Windows-Provisioning-Diagnostics-Provider",            // ESP; Autopilot on 1803/1809
    "Microsoft-Windows-TPM",                                          // TPM-WMI/Admin, TPM
    "Microsoft-Windows-TBS",                                          // TBS 16385
    "Microsoft-Windows-CertificateServicesClient",                    // AIK enrolment (CertEnroll 85-88)
    "Microsoft-Windows-User Device Registration",                     // Entra join errors
    "Microsoft-Windows-AAD",                                          // AAD/Operational
    "Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider",
};
// Classic source names: TPM-WMI, tpm.sys (TPM) and TBS write to the System log, CertEnroll to the
// Application log (facts/field-2026-12.md §A.2-§A.5).
constexpr std::string_view kAttestationProviders[] = {"TPM", "TPM-WMI", "TBS", "CertEnroll"};

// ---- a minimal XML reader for one event document ----------------------------------------------
// Event XML (libevtx or EvtRender) is small and regular: elements, attributes, text, the five
// entities and character references. No DTDs; comments and processing instructions are skipped.
struct Node {
  std::string name;  ///< local name (prefix dropped)
  std::vector<std::pair<std::string, std::string>> attrs;
  std::string text;
  std::vector<std::unique_ptr<Node>> children;

  const Node* child(std::string_view n) const {
    for (const auto& c : children)
      if (c->name == n) return c.get();
    return nullptr;
  }
  const std::string* attr(std::string_view n) const {
    for (const auto& a : attrs)
      if (a.first == n) return &a.second;
    return nullptr;
  }
};

class XmlReader {
 public:
  XmlReader(std::string_view s, std::size_t max_value) : s_(s), max_value_(max_value) {}

  Result<std::unique_ptr<Node>> document() {
    skip_misc();
    auto root = TRY(element(0));
    return root;
  }

 private:
  static constexpr std::size_t kMaxDepth = 32;
  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t max_value_;

  Error fail(const std::string& what) const {
    return make_error(ErrorKind::Parse, "event XML @" + std::to_string(pos_) + ": " + what);
  }
  bool at(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  // Whitespace, <?...?>, <!--...-->.
  void skip_misc() {
    for (;;) {
      skip_ws();
      std::string_view end;
      if (at("<?")) end = "?>";
      else if (at("<!--")) end = "-->";
      else return;
      auto e = s_.find(end, pos_);
      pos_ = e == std::string_view::npos ? s_.size() : e + end.size();
    }
  }
  std::string name() {
    std::size_t b = pos_;
    while (pos_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[pos_])) && s_[pos_] != '>' &&
           s_[pos_] != '/' && s_[pos_] != '=')
      ++pos_;
    std::string n(s_.substr(b, pos_ - b));
    auto colon = n.rfind(':');
    return colon == std::string::npos ? n : n.substr(colon + 1);
  }
  // Text up to `stop`, entities decoded, cut at max_value_ bytes.
  std::string text_until(char stop) {
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != stop) {
      char c = s_[pos_];
      if (c != '&') {
        if (out.size() < max_value_) out += c;
        ++pos_;
        continue;
      }
      auto semi = s_.find(';', pos_);
      if (semi == std::string_view::npos || semi - pos_ > 12) {
        if (out.size() < max_value_) out += c;
        ++pos_;
        continue;
      }
      std::string_view ent = s_.substr(pos_ + 1, semi - pos_ - 1);
      std::string dec;
      if (ent == "amp") dec = "&";
      else if (ent == "lt") dec = "<";
      else if (ent == "gt") dec = ">";
      else if (ent == "quot") dec = "\"";
      else if (ent == "apos") dec = "'";
      else if (!ent.empty() && ent[0] == '#') {
        std::uint32_t cp = 0;
        bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
        for (char d : ent.substr(hex ? 2 : 1)) {
          int v = std::isdigit(static_cast<unsigned char>(d)) ? d - '0'
                  : hex && std::isxdigit(static_cast<unsigned char>(d)) ? std::tolower(d) - 'a' + 10
                                                                          : -1;
          if (v < 0 || cp > 0x10FFFF) { cp = 0xFFFD; break; }
          cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        append_utf8(dec, cp);
      } else {
        dec = "&" + std::string(ent) + ";";
      }
      if (out.size() < max_value_) out += dec;
      pos_ = semi + 1;
    }
    if (out.size() > max_value_) out.resize(max_value_);
    return out;
  }

  Result<std::unique_ptr<Node>> element(std::size_t depth) {
    if (depth > kMaxDepth) return fail("elements nested deeper than " + std::to_string(kMaxDepth));
    if (!at("<")) return fail("expected '<'");
    ++pos_;
    auto node = std::make_unique<Node>();
    node->name = name();
    if (node->name.empty()) return fail("element without a name");
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size()) return fail("unterminated start tag <" + node->name + ">");
      if (at("/>")) {
        pos_ += 2;
        return node;
      }
      if (at(">")) {
        ++pos_;
        break;
      }
      std::string an = name();
      skip_ws();
      if (an.empty() || !at("=")) return fail("bad attribute in <" + node->name + ">");
      ++pos_;
      skip_ws();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return fail("unquoted attribute " + an);
      char q = s_[pos_++];
      std::string v = text_until(q);
      if (pos_ >= s_.size()) return fail("unterminated attribute " + an);
      ++pos_;
      node->attrs.emplace_back(std::move(an), std::move(v));
    }
    for (;;) {
      std::string t = text_until('<');
      if (node->text.size() < max_value_) node->text += t.substr(0, max_value_ - node->text.size());
      if (pos_ >= s_.size()) return fail("unterminated element <" + node->name + ">");
      if (at("<!--") || at("<?")) {
        skip_misc();
        continue;
      }
      if (at("</")) {
        pos_ += 2;
        std::string end = name();
        skip_ws();
        if (end != node->name || !at(">")) return fail("</" + end + "> does not close <" + node->name + ">");
        ++pos_;
        return node;
      }
      node->children.push_back(TRY(element(depth + 1)));
    }
  }
};

std::string trimmed(std::string_view s) { return std::string(trim(s)); }

std::optional<std::uint64_t> parse_uint(const std::string& s, std::uint64_t max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > (max - static_cast<std::uint64_t>(c - '0')) / 10) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

// "2024-05-01T10:02:03.1230000Z" (EvtRender, 7 digits) or ".123000000Z" (libevtx, 9) →
// "2024-05-01T10:02:03.123Z". Anything else is kept as written.
std::string normalise_time(const std::string& t) {
  auto digits = [&](std::size_t b, std::size_t n) {
    for (std::size_t i = b; i < b + n; ++i)
      if (i >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    return true;
  };
  if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2) ||
      t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) || t[16] != ':' || !digits(17, 2) ||
      t.back() != 'Z')
    return t;
  std::string frac = "000";
  if (t[19] == '.') {
    std::string f = t.substr(20, t.size() - 21);
    if (f.empty() || !digits(20, f.size())) return t;
    frac = (f + "000").substr(0, 3);
  } else if (t.size() != 20) {
    return t;
  }
  return t.substr(0, 19) + "." + frac + "Z";
}

void read_data(const Node& section, const EvtxLimits& limits, WindowsEvent& ev) {
  std::size_t unnamed = 0;
  auto put = [&](std::string key, const std::string& value) {
    if (ev.data.size() < limits.max_data_items) ev.data.emplace(std::move(key), value);
  };
  for (const auto& d : section.children) {
    if (d->name == "Data") {
      const std::string* n = d->attr("Name");
      put(n && !n->empty() ? *n : "Data" + std::to_string(++unnamed), d->text);
    } else if (section.name == "UserData") {
      // UserData holds one provider-defined element whose children are the values.
      for (const auto& leaf : d->children) put(leaf->name, leaf->text);
    } else {
      put(d->name, d->text);
    }
  }
}

}  // namespace

bool looks_like_evtx(ByteSpan head) {
  static constexpr std::uint8_t kMagic[8] = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
  return head.size() >= 8 && std::equal(kMagic, kMagic + 8, head.begin());
}

bool is_attestation_channel(std::string_view channel, std::string_view provider) {
  for (auto p : kAttestationPrefixes)
    if (starts_with_icase(channel, p) || starts_with_icase(provider, p)) return true;
  for (auto p : kAttestationProviders)
    if (provider.size() == p.size() && starts_with_icase(provider, p)) return true;
  return false;
}

Result<WindowsEvent> event_from_xml(std::string_view xml, const EvtxLimits& limits) {
  if (xml.size() > limits.max_xml_bytes)
    return make_error(ErrorKind::Limit, "event XML of " + std::to_string(xml.size()) + " bytes exceeds the limit of " +
                                            std::to_string(limits.max_xml_bytes));
  XmlReader reader(xml, limits.max_value_bytes);
  auto root = TRY(reader.document());
  if (root->name != "Event") return make_error(ErrorKind::Parse, "event XML root is <" + root->name + ">, not <Event>");
  const Node* sys = root->child("System");
  if (!sys) return make_error(ErrorKind::Parse, "event XML has no <System>");
  WindowsEvent ev;
  if (const Node* p = sys->child("Provider")) {
    if (const std::string* n = p->attr("Name")) ev.provider = *n;
  }
  if (const Node* n = sys->child("EventID")) {
    auto id = parse_uint(trimmed(n->text), 0xFFFFFFFFu);
    if (!id) return make_error(ErrorKind::Parse, "EventID '" + n->text + "' is not a number");
    ev.event_id = static_cast<std::uint32_t>(*id);
  }
  if (const Node* n = sys->child("Level")) {
    if (auto l = parse_uint(trimmed(n->text), 255)) ev.level = static_cast<std::uint8_t>(*l);
  }
  if (const Node* n = sys->child("TimeCreated")) {
    if (const std::string* t = n->attr("SystemTime")) ev.time = normalise_time(trimmed(*t));
  }
  if (const Node* n = sys->child("EventRecordID")) {
    if (auto r = parse_uint(trimmed(n->text), ~std::uint64_t{0})) ev.record_id = *r;
  }
  if (const Node* n = sys->child("Channel")) ev.channel = trimmed(n->text);
  if (const Node* d = root->child("EventData")) read_data(*d, limits, ev);
  if (const Node* d = root->child("UserData")) read_data(*d, limits, ev);
  if (const Node* r = root->child("RenderingInfo")) {
    if (const Node* m = r->child("Message")) ev.message = m->text;
  }
  return ev;
}

void add_issue(EvtxReadResult& out, const EvtxLimits& limits, std::string issue) {
  if (out.issues.size() < limits.max_issues) {
    out.issues.push_back(std::move(issue));
  } else if (out.issues.size() == limits.max_issues) {
    out.issues.push_back("further issues not listed");
  }
}

void keep_event(WindowsEvent ev, const std::string& input_name, const EvtxLimits& limits, EvtxReadResult& out) {
  if (!is_attestation_channel(ev.channel, ev.provider)) {
    ++out.other_channel;
    return;
  }
  if (out.events.size() >= limits.max_kept) {
    if (!out.truncated) add_issue(out, limits, "more than " + std::to_string(limits.max_kept) +
                                                   " relevant records: the rest not kept");
    out.truncated = true;
    ++out.skipped;
    return;
  }
  ev.source = input_name + "#record " + std::to_string(ev.record_id);
  out.events.push_back(std::move(ev));
}

}  // namespace tpmready::offline
