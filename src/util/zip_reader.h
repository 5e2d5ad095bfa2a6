#pragma once
/// .zip members read by tpmready's own code: the central directory and local headers parsed with
/// util/ByteReader (every offset and size from the file is bounds-checked), stored members copied,
/// deflated ones inflated by zlib (raw deflate). The Windows build reads .zip with it
/// (archive_windows.cpp: Debian ships no libarchive for MinGW); the Linux build keeps libarchive in
/// production and compiles this too, so it is unit-tested against libarchive and fuzzed there.
///
/// Format: PKWARE's APPNOTE.TXT (version 6.3.10), §4.3.7 local file header, §4.3.12 central
/// directory header, §4.3.14-16 Zip64 end of central directory record/locator and end of central
/// directory record, §4.5.3 Zip64 extended information extra field, §4.4.5 compression methods
/// (0 stored, 8 deflated). https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
///
/// Not read (each member says why, the others are still read): encrypted members, compression
/// methods other than stored and deflate (bzip2, LZMA, ... are not what Windows' Compress-Archive,
/// Explorer or MDMDiagnosticsTool write), split archives (the whole archive is refused).
#include "util/archive.h"

namespace tpmready {

/// The contract of read_archive_members (util/archive.h), for a .zip: every regular-file member in
/// central-directory order, each read or with its own error; a damaged member does not stop the
/// others (zip members are independent). Error only when the central directory cannot be found or
/// its first entry is unreadable.
Result<ArchiveListing> read_zip_members(ByteSpan data, ArchiveBudget& budget);

}  // namespace tpmready
