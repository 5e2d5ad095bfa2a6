#include <gtest/gtest.h>

#include "tpm/tbs_errors.h"

using namespace tpmready::tpm;

TEST(TbsErrors, NamesCodesFromTheFactsTable) {
  // facts/windows.md §7: what Wine's tbs.dll and a TPM-less PC return from Tbsi_Context_Create.
  EXPECT_EQ(tbs_error_text(0x8028400F), "TBS_E_TPM_NOT_FOUND (0x8028400f): no compatible TPM");
  EXPECT_EQ(find_tbs_code(0x80284011)->name, "TBS_E_NO_EVENT_LOG");
  EXPECT_EQ(find_tbs_code(0x80284016)->name, "TBS_E_PROVISIONING_INCOMPLETE");
  EXPECT_EQ(find_tbs_code(0)->name, "TBS_SUCCESS");
}

TEST(TbsErrors, UnknownCodesSaySo) {
  EXPECT_FALSE(find_tbs_code(0x80284017).has_value());
  EXPECT_EQ(tbs_error_text(0x80284017), "0x80284017 (not a TBS code tpmready knows)");
}
