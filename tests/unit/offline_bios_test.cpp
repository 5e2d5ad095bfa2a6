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

TEST(OfflineDeviceNames, RegExportGivesHostNameOsBuildAndAnIdentity) {
  auto ev = collect::collect_offline({fx("device-identity.reg")});
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->device.hostname, Fact<std::string>::known("WKS-0142", "file:device-identity.reg:13"));
  // The OS build from the Windows evidence's CurrentBuild and UBR (the one reading of that key).
  EXPECT_EQ(os_build(*ev), Fact<std::string>::known("Windows 22631.4460", "file:device-identity.reg:16"));
  EXPECT_EQ(ev->device.model.value, "21KC0001US");
  // No export holds the serial, and offline files carry no device clock: unknown, never guessed.
  EXPECT_FALSE(ev->device.serial.has_value());
  EXPECT_FALSE(ev->system_time.has_value());
  // The host name with the maker and model identifies the device for fleet: stable across runs.
  ASSERT_EQ(ev->device.id.size(), 32u);
  auto again = collect::collect_offline({fx("device-identity.reg")});
  EXPECT_EQ(again->device.id, ev->device.id);
  // The bundle keeps the ID, and the OS build reads back the same.
  nlohmann::json j;
  to_json(j, *ev);
  EXPECT_EQ(j["device"]["id"], ev->device.id);
  auto back = evidence_from_json(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(os_build(*back), os_build(*ev));
  // Without Windows evidence the OS build is the device's own (uname on Linux), or unknown.
  Evidence linux_like;
  linux_like.device.os_build = Fact<std::string>::known("Linux 6.1.0-27-amd64", "uname");
  EXPECT_EQ(os_build(linux_like).value, "Linux 6.1.0-27-amd64");
}

TEST(OfflineDeviceNames, MakerAndModelAloneAreNoIdentity) {
  // A whole model line shares them: two devices must not become one in a fleet.
  auto ev = collect::collect_offline({fx("bios-physical-surface.reg")});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->device.model.value, "Surface Laptop, 7th Edition");
  EXPECT_EQ(ev->device.id, "");
  EXPECT_EQ(ev->device.hostname.unknown_reason, "not in the offline inputs");
}

TEST(OfflineDeviceNames, DeviceIdPrefersSerialAndEkOverTheHostName) {
  DeviceInfo d;
  d.hostname = Fact<std::string>::known("WKS-0142", "test");
  EkCertEvidence ek;
  const std::string by_name = device_id(d, ek);
  EXPECT_EQ(by_name.size(), 32u);
  d.manufacturer = Fact<std::string>::known("LENOVO", "test");
  EXPECT_NE(device_id(d, ek), by_name);  // the maker is part of a name-based identity
  d.serial = Fact<std::string>::known("PF3XYZ12", "test");
  const std::string by_serial = device_id(d, ek);
  d.hostname = Fact<std::string>::known("RENAMED-01", "test");
  EXPECT_EQ(device_id(d, ek), by_serial);  // with a serial, a rename keeps the ID
  EXPECT_EQ(device_id(DeviceInfo{}, ek), "");
}
