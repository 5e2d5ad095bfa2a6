#include <gtest/gtest.h>

#include "tpm/rc.h"

using tpmready::tpm::TpmRc;

// Expected strings follow facts/tcg.md §1.5 (names and the format-1 examples given there).

TEST(TpmRc, Format1HandleNumber) {
  TpmRc rc(0x18B);
  EXPECT_TRUE(rc.is_format1());
  EXPECT_EQ(rc.base(), 0x08Bu);
  EXPECT_EQ(rc.subject(), TpmRc::Subject::Handle);
  EXPECT_EQ(rc.subject_index(), 1u);
  EXPECT_EQ(rc.name(), "TPM_RC_HANDLE");
  EXPECT_EQ(rc.describe(), "TPM_RC_HANDLE (handle 1)");
}

TEST(TpmRc, Format1ParameterNumber) {
  EXPECT_EQ(TpmRc(0x1C4).describe(), "TPM_RC_VALUE (parameter 1)");
  EXPECT_EQ(TpmRc(0xFC4).describe(), "TPM_RC_VALUE (parameter 15)");
  EXPECT_EQ(TpmRc(0x2C3).describe(), "TPM_RC_HASH (parameter 2)");
}

TEST(TpmRc, Format1SessionNumber) {
  TpmRc rc(0x98E);
  EXPECT_EQ(rc.subject(), TpmRc::Subject::Session);
  EXPECT_EQ(rc.describe(), "TPM_RC_AUTH_FAIL (session 1)");
  EXPECT_EQ(TpmRc(0x9A2).describe(), "TPM_RC_BAD_AUTH (session 1)");
}

TEST(TpmRc, Format1WithoutSubject) {
  EXPECT_EQ(TpmRc(0x08B).describe(), "TPM_RC_HANDLE");
  EXPECT_EQ(TpmRc(0x0A7).describe(), "TPM_RC_ECC_POINT");
}

TEST(TpmRc, Format0Errors) {
  EXPECT_EQ(TpmRc(0x101).describe(), "TPM_RC_FAILURE");
  EXPECT_EQ(TpmRc(0x14A).describe(), "TPM_RC_NV_UNINITIALIZED");
  EXPECT_EQ(TpmRc(0x143).name(), "TPM_RC_COMMAND_CODE");
  EXPECT_FALSE(TpmRc(0x14A).is_format1());
  EXPECT_FALSE(TpmRc(0x14A).is_warning());
}

TEST(TpmRc, Warnings) {
  EXPECT_TRUE(TpmRc(0x921).is_warning());
  EXPECT_EQ(TpmRc(0x921).describe(), "TPM_RC_LOCKOUT");
  EXPECT_EQ(TpmRc(0x922).name(), "TPM_RC_RETRY");
  EXPECT_EQ(TpmRc(0x916).name(), "TPM_RC_REFERENCE_H6");
  EXPECT_EQ(TpmRc(0x91E).name(), "TPM_RC_REFERENCE_S6");
}

TEST(TpmRc, BadTagIsNamedNotTpm12) {
  TpmRc rc(0x01E);
  EXPECT_FALSE(rc.is_tpm12());
  EXPECT_EQ(rc.describe(), "TPM_RC_BAD_TAG");
}

TEST(TpmRc, Tpm12Code) {
  TpmRc rc(0x0000000A);
  EXPECT_TRUE(rc.is_tpm12());
  EXPECT_EQ(rc.name(), "TPM_RC 0x0000000a");
  EXPECT_EQ(rc.describe(), "TPM_RC 0x0000000a (TPM 1.2 error code: not a TPM 2.0?)");
}

TEST(TpmRc, VendorCode) {
  TpmRc rc(0x0000050F);
  EXPECT_TRUE(rc.is_vendor());
  EXPECT_EQ(rc.describe(), "TPM_RC 0x0000050f (vendor-defined)");
}

TEST(TpmRc, TssLayerCode) {
  TpmRc rc(0x000B0101);
  EXPECT_EQ(rc.layer(), 11u);
  EXPECT_EQ(rc.describe(), "TPM_RC 0x000b0101 (from TSS layer 11, not the TPM)");
}

TEST(TpmRc, UnknownCodesPrintHex) {
  EXPECT_EQ(TpmRc(0x17F).name(), "TPM_RC 0x0000017f");
  EXPECT_EQ(TpmRc(0x0BF).describe(), "TPM_RC 0x000000bf");
  EXPECT_EQ(TpmRc(0x93F).describe(), "TPM_RC 0x0000093f");
}

TEST(TpmRc, SuccessAndRetryable) {
  EXPECT_EQ(TpmRc(0).name(), "TPM_RC_SUCCESS");
  EXPECT_TRUE(tpmready::tpm::is_retryable(0x922));
  EXPECT_TRUE(tpmready::tpm::is_retryable(0x908));
  EXPECT_TRUE(tpmready::tpm::is_retryable(0x90A));
  EXPECT_FALSE(tpmready::tpm::is_retryable(0x921));
  EXPECT_FALSE(tpmready::tpm::is_retryable(0x18B));
}
