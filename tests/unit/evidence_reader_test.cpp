// Reading bundles and reports never throws: every bad value is an Error naming its JSON path.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "evidence/evidence.h"
#include "report/report.h"
#include "util/json_reader.h"

using namespace tpmready;
using nlohmann::json;

namespace {

json load(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
}

json fleet_bundle() { return load(std::string(TPMREADY_TEST_DATA) + "/fleet/healthy-rsa2048.bundle.json"); }

/// `depth` arrays inside one another, built by moves (copying a JSON value recurses).
json nested_arrays(std::size_t depth) {
  json j = json::array();
  for (std::size_t i = 1; i < depth; ++i) {
    json outer = json::array();
    outer.push_back(std::move(j));
    j = std::move(outer);
  }
  return j;
}

/// {"a": {"a": ... {}}}, `depth` objects.
json nested_objects(std::size_t depth) {
  json j = json::object();
  for (std::size_t i = 1; i < depth; ++i) {
    json outer = json::object();
    outer["a"] = std::move(j);
    j = std::move(outer);
  }
  return j;
}

}  // namespace

// ---- the reader itself ----------------------------------------------------------------------

TEST(JsonReader, IntegersAreCheckedAgainstTheTargetsRange) {
  EXPECT_EQ(*JsonReader(json(255)).integer<std::uint8_t>(), 255);
  EXPECT_EQ(JsonReader(json(256), "level").integer<std::uint8_t>().error().what(),
            "level: 256 is out of range (0 to 255)");
  EXPECT_EQ(JsonReader(json(-1), "n").integer<unsigned>().error().what(), "n: -1 is out of range (0 to 4294967295)");
  EXPECT_EQ(JsonReader(json(std::uint64_t{1} << 40), "n").integer<std::uint32_t>().error().what(),
            "n: 1099511627776 is out of range (0 to 4294967295)");
  EXPECT_EQ(*JsonReader(json(UINT64_MAX)).integer<std::uint64_t>(), UINT64_MAX);
  EXPECT_EQ(*JsonReader(json(INT64_MIN)).integer<std::int64_t>(), INT64_MIN);
  EXPECT_EQ(*JsonReader(json(5)).integer<std::uint16_t>(), 5);  // built signed, read unsigned
  EXPECT_EQ(JsonReader(json(UINT64_MAX), "t").integer<std::int64_t>().error().what(),
            "t: 18446744073709551615 is out of range (-9223372036854775808 to 9223372036854775807)");
}

TEST(JsonReader, FloatsBoolsAndStringsAreNotIntegers) {
  EXPECT_EQ(JsonReader(json::parse("2.55e49"), "p").integer<std::uint32_t>().error().what(),
            "p: 2.55e+49 is not an integer");
  EXPECT_EQ(JsonReader(json::parse("3.0"), "p").integer<int>().error().what(), "p: 3.0 is not an integer");
  EXPECT_EQ(JsonReader(json(true), "p").integer<int>().error().what(), "p: expected an integer, found true");
  EXPECT_EQ(JsonReader(json("7"), "p").integer<int>().error().what(), "p: expected an integer, found \"7\"");
  EXPECT_EQ(JsonReader(json(1), "p").boolean().error().what(), "p: expected true or false, found 1");
}

TEST(JsonReader, PathsNameKeysAndIndicesAndQuoteOddKeys) {
  const json doc = json::parse(R"({"tpm": {"persistent": [{}, {"handle": "0x8101zz"}],
                                  "properties": {"TPM_PT 0x11d": 1.5}, "a.b": {"x": 1}}})");
  const JsonReader root(doc);
  const auto tpm = *root.at("tpm");
  const auto list = *(*tpm.at("persistent")).elements();
  EXPECT_EQ((*list[1].at("handle")).hex32().error().what(),
            "tpm.persistent[1].handle: \"0x8101zz\" is not a hex value of 1 to 4 bytes");
  EXPECT_EQ(list[0].at("handle").error().what(), "tpm.persistent[0].handle: missing");
  std::map<std::string, std::uint32_t> props;
  EXPECT_EQ(tpm.get("properties", props).error().what(),
            "tpm.properties[\"TPM_PT 0x11d\"]: 1.5 is not an integer");
  std::string s;
  EXPECT_EQ(tpm.get("a.b", s).error().what(), "tpm[\"a.b\"]: expected a string, found an object");
  // A long or multi-line string value is cut and escaped: the message stays one short line.
  const json long_value = std::string(100, 'x') + "\n";
  const auto e = JsonReader(long_value, "k").hex().error().what();
  EXPECT_EQ(e, "k: \"" + std::string(40, 'x') + "\"... is not hex");
}

TEST(JsonReader, Hex32AcceptsOneToFourBytes) {
  EXPECT_EQ(*JsonReader(json("0x81010001")).hex32(), 0x81010001u);
  EXPECT_EQ(*JsonReader(json("01")).hex32(), 1u);
  EXPECT_FALSE(JsonReader(json("")).hex32().ok());
  EXPECT_FALSE(JsonReader(json("0x0123456789")).hex32().ok());
  EXPECT_FALSE(JsonReader(json("0x123")).hex32().ok());  // half a byte
  EXPECT_EQ(JsonReader(json(7), "h").hex32().error().what(), "h: expected a hex string, found 7");
}

TEST(JsonReader, ArraysAndObjectsHaveSizeLimits) {
  json big = json::array();
  big.get_ref<json::array_t&>().resize(11);
  auto r = JsonReader(big, "list").elements(10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Limit);
  EXPECT_EQ(r.error().what(), "list: 11 elements, more than the 10 allowed");
  EXPECT_EQ(JsonReader(big).elements(11)->size(), 11u);
  json obj = {{"a", 1}, {"b", 2}};
  EXPECT_EQ(JsonReader(obj, "o").members(1).error().what(), "o: 2 members, more than the 1 allowed");
}

TEST(JsonReader, NestingIsMeasuredWithoutRecursion) {
  const json deep = nested_arrays(200000);  // recursing this deep would overflow the stack
  auto r = JsonReader(deep, "report").nesting_at_most(64);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Limit);
  EXPECT_EQ(r.error().what(), "report: arrays and objects nested deeper than 64 levels");
  EXPECT_TRUE(JsonReader(nested_objects(64)).nesting_at_most(64).ok());
  EXPECT_FALSE(JsonReader(nested_objects(65)).nesting_at_most(64).ok());
}

TEST(JsonReader, OptionalMembersMayBeAbsentOrNullButNotOfTheWrongType) {
  const json doc = json::parse(R"({"a": null, "b": "x", "c": 5})");
  const JsonReader r(doc);
  std::string s = "default";
  EXPECT_TRUE(r.get_if("a", s).ok());
  EXPECT_TRUE(r.get_if("missing", s).ok());
  EXPECT_EQ(s, "default");
  EXPECT_TRUE(r.get_if("b", s).ok());
  EXPECT_EQ(s, "x");
  EXPECT_EQ(r.get_if("c", s).error().what(), "c: expected a string, found 5");
  EXPECT_EQ(JsonReader(json::array(), "x").get_if("a", s).error().what(), "x: expected an object, found an array");
}

// ---- hostile bundles ------------------------------------------------------------------------

namespace {

struct Hostile {
  const char* what;
  const char* pointer;  ///< JSON pointer into the fleet bundle
  json value;           ///< what is put there; discarded = the key is removed
  const char* message;  ///< the whole error message expected
  ErrorKind kind = ErrorKind::Parse;
};

json removed() { return json(json::value_t::discarded); }

}  // namespace

TEST(EvidenceBundle, HostileValuesAreRefusedNamingTheirPath) {
  const Hostile table[] = {
      // wrong types
      {"string as number", "/tpm/manufacturer", 5, "evidence bundle: tpm.manufacturer: expected a string, found 5"},
      {"bool as string", "/ek/tpm_queried", "yes",
       "evidence bundle: ek.tpm_queried: expected true or false, found \"yes\""},
      {"object as array", "/windows", json::array(), "evidence bundle: windows: expected an object, found an array"},
      {"list as object", "/ek/certificates", json::object(),
       "evidence bundle: ek.certificates: expected an array, found an object"},
      {"fact as number", "/device/serial", 3, "evidence bundle: device.serial: expected an object, found 3"},
      {"event data value", "/events", json::parse(R"([{"data": {"Data1": ["x"]}}])"),
       "evidence bundle: events[0].data.Data1: expected a string, found an array"},
      // floats where integers belong
      {"float", "/tpm/firmware_version_1", 1.5, "evidence bundle: tpm.firmware_version_1: 1.5 is not an integer"},
      {"whole float", "/tpm/nv_indices/0/size", json::parse("3.0"),
       "evidence bundle: tpm.nv_indices[0].size: 3.0 is not an integer"},
      {"float in a fact", "/system_time/value", 1.7e9,
       "evidence bundle: system_time.value: 1700000000.0 is not an integer"},
      // integers out of their field's range
      {"2^40 for a uint32", "/tpm/vendor_tpm_type", std::uint64_t{1} << 40,
       "evidence bundle: tpm.vendor_tpm_type: 1099511627776 is out of range (0 to 4294967295)"},
      {"uint16 size", "/tpm/nv_indices/0/size", 65536,
       "evidence bundle: tpm.nv_indices[0].size: 65536 is out of range (0 to 65535)"},
      {"negative counter", "/tpm/lockout/counter", -1,
       "evidence bundle: tpm.lockout.counter: -1 is out of range (0 to 4294967295)"},
      {"event level", "/events", json::parse(R"([{"level": 4}, {"level": 256}])"),
       "evidence bundle: events[1].level: 256 is out of range (0 to 255)"},
      {"algorithm id", "/tpm/algorithms/0/id", "0x00010001",
       "evidence bundle: tpm.algorithms[0].id: 0x00010001 is not a 16-bit algorithm ID"},
      // strings of the wrong form
      {"bad handle", "/tpm/persistent/0/handle", "0x8101zz",
       "evidence bundle: tpm.persistent[0].handle: \"0x8101zz\" is not a hex value of 1 to 4 bytes"},
      {"5-byte handle", "/ek/ek_rsa/value/handle", "0x0181010001",
       "evidence bundle: ek.ek_rsa.value.handle: \"0x0181010001\" is not a hex value of 1 to 4 bytes"},
      {"bad certificate hex", "/ek/certificates/0/raw", "30zz",
       "evidence bundle: ek.certificates[0].raw: \"30zz\" is not hex"},
      {"bad base64", "/windows", json::parse(R"({"registry": {"wbcl_data": "@@@@"}})"),
       "evidence bundle: windows.registry.wbcl_data: base64: line 1 (offset 0): invalid character '@'"},
      {"short digest", "/tpm/pcrs/sha256/17", "ab",
       "evidence bundle: tpm.pcrs.sha256.17: 1 bytes, not a 32-byte digest"},
      {"PCR index", "/tpm/pcrs/sha256/99", std::string(64, '0'),
       "evidence bundle: tpm.pcrs.sha256.99: not a PCR index (0 to 31)"},
      {"unknown bank", "/tpm/pcrs/md5", json::object(),
       "evidence bundle: tpm.pcrs.md5: unknown bank (not a hash algorithm tpmready knows)"},
      {"key algorithm", "/tpm/persistent/0/public_key/algorithm", "dsa",
       "evidence bundle: tpm.persistent[0].public_key.algorithm: \"dsa\" is not rsa or ecc"},
      {"input status", "/inputs/0/status", "half",
       "evidence bundle: inputs[0]: input \"tpm:tcp:127.0.0.1:28438\": status \"half\" is not read, partial, "
       "unreadable or not used"},
      // missing required keys
      {"no manufacturer", "/tpm/manufacturer", removed(), "evidence bundle: tpm.manufacturer: missing"},
      {"no certificates", "/ek/certificates", removed(), "evidence bundle: ek.certificates: missing"},
      {"no symmetric mode", "/tpm/persistent/0/symmetric/mode", removed(),
       "evidence bundle: tpm.persistent[0].symmetric.mode: missing"},
      {"no certificate source", "/ek/certificates/0/source", removed(),
       "evidence bundle: ek.certificates[0].source: missing"},
  };
  const json base = fleet_bundle();
  ASSERT_TRUE(base.is_object());
  ASSERT_TRUE(evidence_from_json(base).ok());
  for (const auto& row : table) {
    SCOPED_TRACE(row.what);
    json doc = base;
    const json::json_pointer ptr(row.pointer);
    if (row.value.is_discarded()) {
      doc[ptr.parent_pointer()].erase(ptr.back());
    } else {
      doc[ptr] = row.value;
    }
    auto r = evidence_from_json(doc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), row.kind) << r.error().what();
    EXPECT_EQ(r.error().what(), row.message);
  }
}

TEST(EvidenceBundle, HugeArraysAndDeepNestingAreRefusedWithoutRecursing) {
  // Deep values are moved into place, never copied: copying JSON recurses (the test's own
  // stack), reading it must not.
  const json base = fleet_bundle();
  {
    json doc = base;
    doc["tpm"]["commands"].get_ref<json::array_t&>().resize(kMaxJsonElements + 1, "0x0000011f");
    auto r = evidence_from_json(doc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), ErrorKind::Limit);
    EXPECT_EQ(r.error().what(), "evidence bundle: tpm.commands: " + std::to_string(kMaxJsonElements + 1) +
                                    " elements, more than the " + std::to_string(kMaxJsonElements) + " allowed");
  }
  {
    json doc = base;
    doc["eventlog"] = nested_arrays(100000);
    EXPECT_EQ(evidence_from_json(doc).error().what(), "evidence bundle: eventlog: expected an object, found an array");
  }
  {
    json doc = base;
    json event = json::object();
    event["message"] = nested_objects(100000);
    doc["events"] = json::array();
    doc["events"].push_back(std::move(event));
    EXPECT_EQ(evidence_from_json(doc).error().what(),
              "evidence bundle: events[0].message: expected a string, found an object");
  }
  {
    json doc = base;
    doc["redaction"] = json{{"method", "m"}, {"removed", json::array()}};
    doc["redaction"]["report"] = nested_objects(100000);
    auto r = evidence_from_json(doc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), ErrorKind::Limit);
    EXPECT_EQ(r.error().what(), "evidence bundle: redaction.report: arrays and objects nested deeper than 64 levels");
  }
}

TEST(EvidenceBundle, ANotObjectOrANewerVersionIsRefusedAsBefore) {
  EXPECT_EQ(evidence_from_json(json::array()).error().what(),
            "not a tpmready evidence bundle (no integer schema_version)");
  EXPECT_EQ(evidence_from_json(json{{"schema_version", "1"}}).error().what(),
            "not a tpmready evidence bundle (no integer schema_version)");
  auto newer = evidence_from_json(json{{"schema_version", std::uint64_t{1} << 40}});
  EXPECT_EQ(newer.error().kind(), ErrorKind::Unsupported);
  EXPECT_EQ(newer.error().what(),
            "bundle schema_version 1099511627776 is newer than this tpmready understands (1): upgrade tpmready");
  EXPECT_EQ(evidence_from_json(json{{"schema_version", 2}}).error().kind(), ErrorKind::Unsupported);
  EXPECT_TRUE(evidence_from_json(json{{"schema_version", 1}}).ok());
}

TEST(EvidenceBundle, SavedBundlesLoadAndRoundTrip) {
  // Bundles written by earlier tpmready versions (tests/data/fleet/MANIFEST.md) still load, and
  // what is read is written back the same.
  for (const char* name : {"healthy-rsa2048.bundle.json", "no-ekcert.bundle.json"}) {
    SCOPED_TRACE(name);
    const json doc = load(std::string(TPMREADY_TEST_DATA) + "/fleet/" + name);
    auto e = evidence_from_json(doc);
    ASSERT_TRUE(e.ok()) << e.error().what();
    const json back = *e;
    auto again = evidence_from_json(json::parse(back.dump()));
    ASSERT_TRUE(again.ok()) << again.error().what();
    EXPECT_EQ(json(*again), back);
    EXPECT_EQ(back["tpm"], doc["tpm"]);
    EXPECT_EQ(back["ek"], doc["ek"]);
    // Facts added since are written too (unknown); the ones the bundle has come back unchanged.
    for (const auto& [key, value] : doc["eventlog"].items()) EXPECT_EQ(back["eventlog"][key], value) << key;
  }
}

TEST(EvidenceBundle, EveryFuzzRegressionBundleIsRefusedWithAParseError) {
  // tests/data/fuzz-regressions/MANIFEST.md: each bundle-*.json there once crashed the reader.
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TPMREADY_TEST_DATA) + "/fuzz-regressions")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("bundle-", 0) != 0) continue;
    SCOPED_TRACE(name);
    ++seen;
    const json doc = load(entry.path());
    ASSERT_TRUE(doc.is_object());
    auto r = evidence_from_json(doc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), ErrorKind::Parse) << r.error().what();
  }
  EXPECT_GE(seen, 2u);
}

// ---- hostile reports ------------------------------------------------------------------------

TEST(ReportJson, HostileValuesAreRefusedNamingTheirPath) {
  const json base = json::parse(R"({"verdict": "not_ready", "tool": "tpmready 0.1.0",
      "findings": [{"id": "ek.cert.present", "status": "fail", "evidence": [{"source": "s", "fact": "f", "value": "v"}],
                    "windows_shows": {"information_bit": 4}}],
      "root_causes": [{"id": "ek.cert.present", "chain": ["ek.cert.present"]}],
      "timeline": [{"time": "2024-05-01T10:00:00Z", "event_id": 251}], "device": {"id": "x"}})");
  ASSERT_TRUE(report::report_from_json(base).ok());
  const Hostile table[] = {
      {"verdict", "/verdict", "maybe", "report JSON: verdict: unknown verdict \"maybe\""},
      {"no verdict", "/verdict", removed(), "report JSON: verdict: missing"},
      {"status type", "/findings/0/status", 5, "report JSON: findings[0].status: expected a string, found 5"},
      {"information bit", "/findings/0/windows_shows/information_bit", std::uint64_t{1} << 40,
       "report JSON: findings[0].windows_shows.information_bit: 1099511627776 is out of range (0 to 4294967295)"},
      {"evidence value", "/findings/0/evidence/0/value", json::array(),
       "report JSON: findings[0].evidence[0].value: expected a string, found an array"},
      {"root cause id", "/root_causes/0/id", removed(), "report JSON: root_causes[0].id: missing"},
      {"timeline event id", "/timeline/0/event_id", 2.5, "report JSON: timeline[0].event_id: 2.5 is not an integer"},
      {"device", "/device", "x", "report JSON: device: expected an object, found \"x\""},
      {"inputs", "/inputs", json::object(), "report JSON: inputs: expected an array, found an object"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.what);
    json doc = base;
    const json::json_pointer ptr(row.pointer);
    if (row.value.is_discarded()) {
      doc[ptr.parent_pointer()].erase(ptr.back());
    } else {
      doc[ptr] = row.value;
    }
    auto r = report::report_from_json(doc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), row.kind);
    EXPECT_EQ(r.error().what(), row.message);
  }
  json deep = base;
  deep["device"] = nested_objects(100000);
  auto r = report::report_from_json(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Limit);
  EXPECT_EQ(r.error().what(), "report JSON: device: arrays and objects nested deeper than 16 levels");
}
