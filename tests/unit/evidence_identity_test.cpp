// The device identity a rule reads to tell a virtual TPM from Microsoft Pluton: Windows' registry
// copy of the SMBIOS identity first, the SMBIOS values read on the device otherwise; the
// hypervisor a guest runs under. Both are bundle fields, unknown until a collector fills them.
#include <gtest/gtest.h>

#include "evidence/evidence.h"

using namespace tpmready;

TEST(SystemIdentity, WindowsRegistryCopyFirstThenTheDevicesSmbiosThenUnknown) {
  Evidence e;
  auto id = system_identity(e);
  EXPECT_FALSE(id.manufacturer.value);
  EXPECT_FALSE(id.product.value);
  EXPECT_TRUE(id.product.unknown_reason);

  e.device.manufacturer = Fact<std::string>::known("LENOVO", "smbios:sys_vendor");
  e.device.model = Fact<std::string>::known("21D2CTO1WW", "smbios:product_name");
  id = system_identity(e);
  EXPECT_EQ(*id.manufacturer, "LENOVO");
  EXPECT_EQ(id.product.source, "smbios:product_name");

  // Windows' own copy of the identity wins when it has both values...
  e.windows.emplace();
  e.windows->bios.system_manufacturer = Fact<std::string>::known("Microsoft Corporation", "file:bios.reg:4");
  id = system_identity(e);
  EXPECT_EQ(*id.manufacturer, "LENOVO") << "one value alone is not an identity";
  e.windows->bios.system_product_name = Fact<std::string>::known("Virtual Machine", "file:bios.reg:5");
  id = system_identity(e);
  EXPECT_EQ(*id.manufacturer, "Microsoft Corporation");
  EXPECT_EQ(*id.product, "Virtual Machine");
  EXPECT_EQ(id.product.source, "file:bios.reg:5");
}

TEST(SystemIdentity, BundleFieldsRoundTripAndOlderBundlesLoadThemUnknown) {
  Evidence e;
  e.tool = "tpmready 0.1.0";
  e.platform = "windows";
  e.device.hypervisor = Fact<std::string>::known("", "cpuid:root partition");
  e.windows.emplace();
  e.windows->bios.system_manufacturer = Fact<std::string>::known("Microsoft Corporation", "registry:HKLM\\...");
  e.windows->bios.system_product_name = Fact<std::string>::known("Surface Laptop 7", "registry:HKLM\\...");
  const nlohmann::json j = e;
  EXPECT_EQ(j["device"]["hypervisor"]["value"], "");
  EXPECT_EQ(j["windows"]["bios"]["system_product_name"]["value"], "Surface Laptop 7");
  auto back = evidence_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(back->device.hypervisor, e.device.hypervisor);
  EXPECT_EQ(back->windows->bios, e.windows->bios);

  // A bundle written before these fields: unknown, with a reason (the schema needs one).
  auto old = j;
  old["device"].erase("hypervisor");
  old["windows"].erase("bios");
  back = evidence_from_json(old);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_FALSE(back->device.hypervisor.value);
  EXPECT_TRUE(back->device.hypervisor.unknown_reason);
  EXPECT_FALSE(back->windows->bios.system_product_name.value);
  const nlohmann::json rewritten = *back;
  EXPECT_TRUE(rewritten["device"]["hypervisor"].contains("unknown"));
  EXPECT_TRUE(rewritten["windows"]["bios"]["system_manufacturer"].contains("unknown"));
}

TEST(TpmAccessSelfTest, RoundTripsAndOlderBundlesLoadWithoutIt) {
  Evidence e;
  e.tool = "tpmready 0.1.0";
  e.platform = "linux";
  e.tpm_access.attempted = true;
  e.tpm_access.source = "tcp:127.0.0.1:2321";
  e.tpm_access.self_test = TpmSelfTest{0, 0x101, "TPM_RC_FAILURE", {0, 0, 0, 0x11}, "tpm:tcp:127.0.0.1:2321 GetTestResult"};
  const nlohmann::json j = e;
  EXPECT_EQ(j["tpm_access"]["self_test"]["test_result"], "0x00000101");
  EXPECT_EQ(j["tpm_access"]["self_test"]["data"], "00000011");
  auto back = evidence_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().what();
  ASSERT_TRUE(back->tpm_access.self_test);
  EXPECT_EQ(*back->tpm_access.self_test, *e.tpm_access.self_test);
  EXPECT_TRUE(in_failure_mode(*back->tpm_access.self_test));

  auto old = j;
  old["tpm_access"].erase("self_test");
  back = evidence_from_json(old);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_FALSE(back->tpm_access.self_test);

  auto bad = j;
  bad["tpm_access"]["self_test"]["data"] = "zz";
  EXPECT_FALSE(evidence_from_json(bad).ok());
}
