// Archives on Windows, in memory: .cab through Windows' own Cabinet API (cabinet.dll's FDI, in
// every Windows including WinPE, so nothing is added to the exe), .zip through tpmready's own
// reader (util/zip_reader.h, on a statically linked zlib). Debian ships no libarchive for MinGW.
//
// FDI as Microsoft documents it (learn.microsoft.com/windows/win32/api/fdi/):
//   FDICreate (nf-fdi-fdicreate): the context takes the application's alloc/free/open/read/write/
//     close/seek callbacks, so FDI reads the cabinet and writes the members wherever those put
//     them: here a byte span and in-memory members, never a file.
//   FDICopy (nf-fdi-fdicopy): opens pszCabPath + pszCabinet through the open callback and calls
//     the notification callback with pvUser in FDINOTIFICATION.pv.
//   FNFDINOTIFY (nf-fdi-fnfdinotify): fdintCOPY_FILE gives a member's name (psz1) and uncompressed
//     size (cb) before any of it is expanded; returning 0 skips it, -1 aborts FDICopy, a handle
//     receives its data through the write callback; fdintCLOSE_FILE_INFO follows its last byte;
//     fdintPARTIAL_FILE / fdintNEXT_CABINET concern cabinet sets (a member spanning cabinets).
//   ERF (ns-fdi_fci_types-erf): FDICopy's failure reason (erfOper, an FDIERROR).
#include <windows.h>

#include <fcntl.h>
#include <fdi.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "util/archive.h"
#include "util/archive_members.h"
#include "util/zip_reader.h"

namespace tpmready {
namespace {

/// FDIERROR meanings, as the ERF structure's documentation words them.
std::string fdi_error_text(int oper) {
  switch (oper) {
    case FDIERROR_CABINET_NOT_FOUND: return "cabinet not found";
    case FDIERROR_NOT_A_CABINET: return "not in the cabinet format";
    case FDIERROR_UNKNOWN_CABINET_VERSION: return "unknown cabinet version";
    case FDIERROR_CORRUPT_CABINET: return "the cabinet is corrupt";
    case FDIERROR_ALLOC_FAIL: return "out of memory";
    case FDIERROR_BAD_COMPR_TYPE: return "unknown compression type in a cabinet folder";
    case FDIERROR_MDI_FAIL: return "decompressing the data failed";
    case FDIERROR_TARGET_FILE: return "writing the member failed";
    case FDIERROR_RESERVE_MISMATCH: return "cabinets of one set differ in their reserved sizes";
    case FDIERROR_WRONG_CABINET: return "wrong next cabinet";
    case FDIERROR_USER_ABORT: return "aborted";
    default: return "FDI error " + std::to_string(oper);
  }
}

// A handle FDI holds: the cabinet being read, or the member being written.
struct Handle {
  enum class Kind { Cabinet, Member } kind;
};

struct CabinetFile : Handle {
  explicit CabinetFile(ByteSpan d) : Handle{Kind::Cabinet}, data(d) {}
  ByteSpan data;
  std::size_t pos = 0;
};

/// One read: the listing being built, the member being expanded, and why reading stopped.
struct CabRead : Handle {
  CabRead(ByteSpan d, ArchiveBudget& b) : Handle{Kind::Member}, data(d), budget(b) {}
  ByteSpan data;
  ArchiveBudget& budget;
  ArchiveListing out;
  std::optional<ArchiveMember> current;  ///< fdintCOPY_FILE handed it a handle, not yet closed
  std::uint32_t declared = 0;            ///< the current member's size from its CFFILE
  std::uint64_t written = 0;             ///< bytes FDI wrote to it (kept or not)
  bool over_member = false;              ///< the current member passed the member limit: rest dropped
  bool stopped_by_us = false;            ///< a limit or a cabinet set ended FDICopy, `out` says why
  std::size_t entries = 0;
};

// The callbacks have no user pointer except the notification: the cabinet's bytes reach the open
// callback through this, set for the duration of one FDICopy on this thread.
thread_local CabRead* t_read = nullptr;
constexpr char kCabinetName[] = "memory.cab";

CabRead* read_of(INT_PTR hf) {
  auto* h = reinterpret_cast<Handle*>(hf);
  return h->kind == Handle::Kind::Member ? static_cast<CabRead*>(h) : nullptr;
}

FNALLOC(cab_alloc) { return std::malloc(cb); }
FNFREE(cab_free) { std::free(pv); }

FNOPEN(cab_open) {
  (void)pmode;
  // Only the cabinet itself, read-only: FDI opens nothing else unless a member spans cabinets.
  if (t_read == nullptr || std::strcmp(pszFile, kCabinetName) != 0 || (oflag & (_O_WRONLY | _O_RDWR)) != 0) return -1;
  return reinterpret_cast<INT_PTR>(static_cast<Handle*>(new CabinetFile(t_read->data)));
}

FNREAD(cab_read) {
  auto* h = reinterpret_cast<Handle*>(hf);
  if (h->kind != Handle::Kind::Cabinet) return static_cast<UINT>(-1);
  auto* f = static_cast<CabinetFile*>(h);
  const std::size_t n = std::min<std::size_t>(cb, f->data.size() - f->pos);
  std::memcpy(pv, f->data.data() + f->pos, n);
  f->pos += n;
  return static_cast<UINT>(n);
}

FNWRITE(cab_write) {
  CabRead* r = read_of(hf);
  if (r == nullptr || !r->current || r->stopped_by_us) return static_cast<UINT>(-1);
  r->written += cb;
  if (r->over_member) return cb;  // the rest of an oversized member is expanded by FDI, not kept
  switch (archive_detail::take(r->budget, r->out, *r->current, static_cast<const std::uint8_t*>(pv), cb)) {
    case archive_detail::Take::Kept: return cb;
    case archive_detail::Take::OverMember: r->over_member = true; return cb;
    case archive_detail::Take::OverTotal: r->stopped_by_us = true; return static_cast<UINT>(-1);
  }
  return static_cast<UINT>(-1);
}

FNCLOSE(cab_close) {
  auto* h = reinterpret_cast<Handle*>(hf);
  if (h->kind == Handle::Kind::Cabinet) delete static_cast<CabinetFile*>(h);
  return 0;  // a member handle is the CabRead itself, owned by read_cab
}

FNSEEK(cab_seek) {
  auto* h = reinterpret_cast<Handle*>(hf);
  if (h->kind != Handle::Kind::Cabinet) return -1;
  auto* f = static_cast<CabinetFile*>(h);
  const long long base = seektype == SEEK_SET ? 0 : seektype == SEEK_CUR ? static_cast<long long>(f->pos)
                                                                          : static_cast<long long>(f->data.size());
  const long long to = base + dist;
  if (to < 0 || to > static_cast<long long>(f->data.size())) return -1;
  f->pos = static_cast<std::size_t>(to);
  return static_cast<__LONG32>(to);
}

FNFDINOTIFY(cab_notify) {
  auto* r = static_cast<CabRead*>(pfdin->pv);
  // Once a limit or a cabinet set has ended the reading, nothing more is taken, whether or not
  // this FDI goes on after a failed write (Wine's does).
  if (r->stopped_by_us && (fdint == fdintCOPY_FILE || fdint == fdintPARTIAL_FILE)) return -1;
  switch (fdint) {
    case fdintCOPY_FILE: {
      ++r->entries;
      if (!archive_detail::count_entry(r->budget, r->out)) {
        r->stopped_by_us = true;
        return -1;
      }
      ArchiveMember m{pfdin->psz1 ? pfdin->psz1 : "", {}, {}};
      archive_detail::normalise_name(m.name);
      const auto declared = static_cast<std::uint32_t>(pfdin->cb);  // CFFILE.cbFile is 32-bit unsigned
      if (archive_detail::declared_over_limit(r->budget.limits, declared, m)) {
        r->out.members.push_back(std::move(m));
        return 0;  // skipped: nothing of it is expanded for us
      }
      r->current = std::move(m);
      r->declared = declared;
      r->written = 0;
      r->over_member = false;
      return reinterpret_cast<INT_PTR>(static_cast<Handle*>(r));
    }
    case fdintCLOSE_FILE_INFO:
      // A member FDI could not expand whole stays current: FDICopy's error then says why (Wine's
      // FDI closes a member the damage cut short before it fails).
      if (!r->current || (r->current->error.empty() && r->written != r->declared)) return FALSE;
      r->out.members.push_back(std::move(*r->current));
      r->current.reset();
      return TRUE;
    case fdintPARTIAL_FILE: {
      // The start of this member is in an earlier cabinet of a set, which is not here.
      ++r->entries;
      if (!archive_detail::count_entry(r->budget, r->out)) {
        r->stopped_by_us = true;
        return -1;
      }
      ArchiveMember m{pfdin->psz1 ? pfdin->psz1 : "", {}, {}};
      archive_detail::normalise_name(m.name);
      m.error = "continued from another cabinet (" + std::string(pfdin->psz2 ? pfdin->psz2 : "") + "): not read";
      r->out.members.push_back(std::move(m));
      return 0;
    }
    case fdintNEXT_CABINET: {
      // The current member goes on in the next cabinet of a set: only this cabinet is given.
      r->stopped_by_us = true;
      const std::string next = pfdin->psz1 ? pfdin->psz1 : "";
      if (r->current) {
        archive_detail::mark_damaged(*r->current, "continues in another cabinet (" + next + ")");
        r->out.members.push_back(std::move(*r->current));
        r->current.reset();
        archive_detail::stop_after_damage(r->out, r->out.members.back());
      } else {
        archive_detail::stop_damaged_after(r->out, r->entries, "continues in another cabinet (" + next + ")");
      }
      return -1;
    }
    default: return 0;
  }
}

struct FdiContext {
  HFDI h = nullptr;
  ~FdiContext() {
    if (h) FDIDestroy(h);
  }
};

struct CurrentRead {
  explicit CurrentRead(CabRead* r) { t_read = r; }
  ~CurrentRead() { t_read = nullptr; }
  CurrentRead(const CurrentRead&) = delete;
  CurrentRead& operator=(const CurrentRead&) = delete;
};

Result<ArchiveListing> read_cab(ByteSpan data, ArchiveBudget& budget) {
  if (data.size() > static_cast<std::size_t>(LONG_MAX))
    return make_error(ErrorKind::Limit, "cabinet larger than 2 GiB: not read");  // FDI's seek offsets are 32-bit
  ERF erf{};
  FdiContext fdi;
  fdi.h = FDICreate(cab_alloc, cab_free, cab_open, cab_read, cab_write, cab_close, cab_seek, cpuUNKNOWN, &erf);
  if (fdi.h == nullptr)
    return make_error(ErrorKind::Io, "cabinet.dll could not start reading: " + fdi_error_text(erf.erfOper));
  CabRead r(data, budget);
  CurrentRead current(&r);
  char name[] = "memory.cab";
  char path[] = "";
  static_assert(sizeof name == sizeof kCabinetName);
  const bool copied = FDICopy(fdi.h, name, path, 0, cab_notify, nullptr, &r);
  if (copied && !r.current) return std::move(r.out);
  if (r.stopped_by_us) {  // a limit (the member that reached it is listed with its error) or a set
    if (r.current) r.out.members.push_back(std::move(*r.current));
    return std::move(r.out);
  }
  const std::string why = copied ? "expanded to " + std::to_string(r.written) + " of its " +
                                       std::to_string(r.declared) + " bytes"
                                 : fdi_error_text(erf.erfOper);
  if (r.current) {  // a cab folder is one compressed stream: nothing after the damage is readable
    archive_detail::mark_damaged(*r.current, why);
    r.out.members.push_back(std::move(*r.current));
    archive_detail::stop_after_damage(r.out, r.out.members.back());
    return std::move(r.out);
  }
  if (r.entries == 0) return make_error(ErrorKind::Parse, "corrupt archive: " + why);
  archive_detail::stop_damaged_after(r.out, r.entries, why);
  return std::move(r.out);
}

}  // namespace

Result<ArchiveListing> read_archive_members(ByteSpan data, ArchiveBudget& budget) {
  auto starts = [&](std::string_view magic) {
    return data.size() >= magic.size() && std::memcmp(data.data(), magic.data(), magic.size()) == 0;
  };
  if (starts("MSCF")) return read_cab(data, budget);
  if (starts("PK")) return read_zip_members(data, budget);
  return make_error(ErrorKind::Parse, "not a readable archive: neither a cabinet (MSCF) nor a zip (PK)");
}

}  // namespace tpmready
