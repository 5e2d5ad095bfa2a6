#include <gtest/gtest.h>

#include "tpm/constants.h"

using namespace tpmready::tpm;
using Names = std::vector<std::string>;

TEST(TpmConstants, ObjectAttributesOfTheRsaEk) {
  // 0x300b2 as printed by tpm2_readpublic for the swtpm L-1 EK (tests/data/tpm MANIFEST).
  EXPECT_EQ(object_attribute_names(0x300B2),
            (Names{"fixedtpm", "fixedparent", "sensitivedataorigin", "adminwithpolicy", "restricted", "decrypt"}));
}

TEST(TpmConstants, NvAttributesOfAnEkCertIndexWithType) {
  // tpm2_nvreadpublic: "ppwrite|writelocked|writedefine|ppread|ownerread|authread|no_da|written|platformcreate", 0x62072801
  EXPECT_EQ(nv_attribute_names(0x62072801), (Names{"ppwrite", "writelocked", "writedefine", "ppread", "ownerread",
                                                   "authread", "no_da", "written", "platformcreate"}));
  EXPECT_EQ(nv_type_name(0x62072801), "ordinary");
  EXPECT_EQ(nv_type_name(0x00000010), "counter");
  EXPECT_EQ(nv_type_name(0x00000090), "pin_pass");
  EXPECT_EQ(nv_type_name(0x00000030), "nt3");
  EXPECT_TRUE(nv_attribute_names(0x000000F0).empty());  // TPM_NT bits are not attribute names
}

TEST(TpmConstants, PermanentAndStartupClear) {
  EXPECT_EQ(permanent_names(0x0000060F & ~0x8u), (Names{"ownerAuthSet", "endorsementAuthSet", "lockoutAuthSet",
                                                          "inLockout", "tpmGeneratedEPS"}));
  EXPECT_EQ(startup_clear_names(0x8000000F), (Names{"phEnable", "shEnable", "ehEnable", "phEnableNV", "orderly"}));
}

TEST(TpmConstants, UnnamedBitsAreShownNotHidden) {
  EXPECT_EQ(permanent_names(0x00000008), (Names{"bit3"}));
  EXPECT_EQ(algorithm_attribute_names(0x00000105), (Names{"asymmetric", "hash", "signing"}));
}

TEST(TpmConstants, Names) {
  EXPECT_EQ(command_name(0x17A), "GetCapability");
  EXPECT_EQ(command_name(0x14E), "NV_Read");
  EXPECT_EQ(command_name(0x11F), "TPM_CC 0x0000011f");
  EXPECT_EQ(alg_name(0x000B), "sha256");
  EXPECT_EQ(alg_name(0x0003), "0x0003");
  EXPECT_EQ(curve_name(0x0003), "P-256");
  EXPECT_EQ(curve_name(0x0020), "SM2-P256");
  EXPECT_EQ(curve_bits(0x0005), 521u);
  EXPECT_EQ(property_name(0x12C), "TPM_PT_NV_BUFFER_MAX");
  EXPECT_EQ(property_name(0x114), "TPM_PT 0x00000114");
}

TEST(TpmConstants, VendorsAndPackedChars) {
  EXPECT_EQ(vendor_name(0x49465800), "Infineon");
  EXPECT_EQ(vendor_name(0x494E5443), "Intel");
  EXPECT_EQ(vendor_name(0x49424D20), "IBM software TPM");
  EXPECT_FALSE(vendor_name(0x12345678).has_value());
  EXPECT_EQ(packed_chars(0x49424D00), "IBM");
  EXPECT_EQ(packed_chars(0x53572020), "SW  ");
  EXPECT_EQ(trimmed_chars(0x49424D20), "IBM");
  EXPECT_EQ(trimmed_chars(0x2054504D), "TPM");
  EXPECT_EQ(packed_chars(0x41010042), "A?B");
}
