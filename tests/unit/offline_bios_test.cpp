// The device identity from HKLM\HARDWARE\DESCRIPTION\System\BIOS (docs/facts/windows.md §2.1) in a
// .reg export, alone or inside a diagnostics archive, into Evidence (.windows.bios and the device's
// maker and model), and what a bundle keeps of it.
#include <gtest/gtest.h>

#include "collect/offline_pipeline.h"
#include "util/file.h"
#include "zip_builder.h"

using namespace tpmready;

namespace {

std::string fx(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/offline/" + name; }

}  // namespace

TEST(OfflineBios, RegExportGivesManufacturerAndProductWithSources) {
  auto ev = collect::collect_offline({fx("bios-hyperv-vm.reg"), fx("seed000-eula-tpmtool.txt")});
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  const BiosEvidence& b = ev->windows->bios;
  EXPECT_EQ(b.system_manufacturer, Fact<std::string>::known("Microsoft Corporation", "file:bios-hyperv-vm.reg:8"));
  EXPECT_EQ(b.system_product_name, Fact<std::string>::known("Virtual Machine", "file:bios-hyperv-vm.reg:9"));
  EXPECT_EQ(ev->device.manufacturer.value, "Microsoft Corporation");
  EXPECT_EQ(ev->device.model.value, "Virtual Machine");
  // A bundle keeps it, and reads it back.
  nlohmann::json j;
  to_json(j, *ev);
  EXPECT_EQ(j["windows"]["bios"]["system_product_name"]["value"], "Virtual Machine");
  auto back = evidence_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(back->windows->bios, b);
}

TEST(OfflineBios, WithoutTheKeyItIsUnknownWithWhy) {
  auto ev = collect::collect_offline({fx("seed000-eula-oobe.reg")});
  ASSERT_TRUE(ev.ok());
  EXPECT_FALSE(ev->windows->bios.system_manufacturer.has_value());
  EXPECT_EQ(ev->windows->bios.system_manufacturer.unknown_reason,
            "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS not in the registry exports");
  EXPECT_EQ(ev->device.model.unknown_reason, "not in the offline inputs");
  // A bundle of an older version has no "bios": unknown with a reason, as the schema requires.
  nlohmann::json j;
  to_json(j, *ev);
  j["windows"].erase("bios");
  auto back = evidence_from_json(j);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->windows->bios.system_manufacturer.unknown_reason.has_value());
}

TEST(OfflineBios, InsideADiagnosticsArchive) {
  auto reg = read_file(fx("bios-physical-surface.reg"), kMaxEventLogBytes);
  ASSERT_TRUE(reg.ok());
  test::ZipBuilder zip;
  zip.add("MdmDiagReport_RegistryDump.reg", std::string(reg->begin(), reg->end()));
  const Bytes archive = zip.finish();
  auto ev = collect::collect_offline_bytes(archive, "diag.zip");
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->windows->bios.system_product_name,
            Fact<std::string>::known("Surface Laptop, 7th Edition", "file:diag.zip:MdmDiagReport_RegistryDump.reg:9"));
}
