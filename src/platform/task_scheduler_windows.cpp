// Task Scheduler 2.0 COM: ITaskService::Connect → GetFolder → GetTask → IRegisteredTask
// (facts/windows.md §5). COM is initialised per call (CoInitializeEx, apartment-threaded) and
// released on every path. Under Wine the \Microsoft\Windows\TPM folder does not exist: that is
// the fact "task not found", not an error.
#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <taskschd.h>

#include <chrono>
#include <thread>

#include "platform/com_windows.h"
#include "platform/registry.h"
#include "platform/registry_windows.h"
#include "platform/task_scheduler_windows.h"
#include "util/win_text_windows.h"

namespace tpmready::platform {
namespace {

constexpr const char* kComReader = "Task Scheduler COM";
constexpr const char* kTaskCacheReader = "TaskCache registry";
// facts/windows.md §5 (TaskCache, general Windows knowledge).
constexpr const char* kTaskCacheTree = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree";

struct ComScope {
  HRESULT hr;
  ComScope() : hr(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED)) {}
  ~ComScope() {
    if (SUCCEEDED(hr)) CoUninitialize();
  }
};

struct Bstr {
  BSTR b;
  explicit Bstr(const std::string& s) : b(SysAllocString(win::widen(s).c_str())) {}
  ~Bstr() { SysFreeString(b); }
};

bool is_not_found(HRESULT hr) {
  return hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) || hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
}

/// Connects and opens the task. Result: S_OK, a not-found HRESULT, or another failure; `step` names it.
HRESULT open_task(const std::string& folder, const std::string& name, ComPtr<IRegisteredTask>& task, std::string& step) {
  ComPtr<ITaskService> service;
  step = "CoCreateInstance(TaskScheduler)";
  HRESULT hr = CoCreateInstance(CLSID_TaskScheduler, nullptr, CLSCTX_INPROC_SERVER, IID_ITaskService,
                                reinterpret_cast<void**>(service.out()));
  if (FAILED(hr)) return hr;
  VARIANT empty;
  VariantInit(&empty);
  step = "ITaskService::Connect";
  hr = service->Connect(empty, empty, empty, empty);
  if (FAILED(hr)) return hr;
  ComPtr<ITaskFolder> f;
  step = "GetFolder(" + folder + ")";
  Bstr folder_b(folder);
  hr = service->GetFolder(folder_b.b, f.out());
  if (FAILED(hr)) return hr;
  step = "GetTask(" + name + ")";
  Bstr name_b(name);
  return f->GetTask(name_b.b, task.out());
}

std::string date_text(IRegisteredTask* task, bool last) {
  DATE d = 0;
  HRESULT hr = last ? task->get_LastRunTime(&d) : task->get_NextRunTime(&d);
  return SUCCEEDED(hr) ? ole_date_text(d) : "unknown (" + win::hresult_text(hr) + ")";
}

void fill(IRegisteredTask* task, TaskQuery& q) {
  VARIANT_BOOL enabled = VARIANT_FALSE;
  if (SUCCEEDED(task->get_Enabled(&enabled))) q.enabled = enabled != VARIANT_FALSE;
  TASK_STATE state = TASK_STATE_UNKNOWN;
  if (SUCCEEDED(task->get_State(&state))) q.state = static_cast<int>(state);
  HRESULT result = 0;
  if (SUCCEEDED(task->get_LastTaskResult(&result))) q.last_result = static_cast<std::uint32_t>(result);
  q.last_run_time = date_text(task, true);
  q.next_run_time = date_text(task, false);
}

/// Only whether the task is registered: the TaskCache Tree key (the DynamicInfo value holding
/// the last run is undocumented, facts/windows.md §5).
TaskQuery query_task_cache(const std::string& folder, const std::string& name, const std::string& com_error) {
  TaskQuery q;
  q.reader = kTaskCacheReader;
  auto reader = make_registry_reader();
  RegistryKey key = reader->read_key(std::string(kTaskCacheTree) + folder + "\\" + name);
  if (key.status == KeyStatus::Ok) {
    q.found = true;
  } else if (key.status == KeyStatus::NotFound) {
    q.found = false;
    q.error = "not under TaskCache\\Tree";
  } else {
    q.error = key.error;
  }
  q.error += (q.error.empty() ? "" : "; ") + std::string("COM failed: ") + com_error;
  return q;
}

}  // namespace

TaskQuery query_task(const std::string& folder, const std::string& name) {
  ComScope com;
  TaskQuery q;
  q.reader = kComReader;
  ComPtr<IRegisteredTask> task;
  std::string step;
  HRESULT hr = FAILED(com.hr) && com.hr != RPC_E_CHANGED_MODE ? com.hr : open_task(folder, name, task, step);
  if (SUCCEEDED(hr)) {
    q.found = true;
    fill(task.p, q);
  } else if (is_not_found(hr) && step.rfind("Get", 0) == 0) {
    q.found = false;
    q.error = step + ": " + win::hresult_text(hr);
  } else {
    return query_task_cache(folder, name, (step.empty() ? "CoInitializeEx" : step) + ": " + win::hresult_text(hr));
  }
  return q;
}

Result<std::uint32_t> run_task_and_wait(const std::string& folder, const std::string& name, int timeout_ms) {
  ComScope com;
  const std::string task_path = folder + "\\" + name;
  ComPtr<IRegisteredTask> task;
  std::string step = "CoInitializeEx";
  HRESULT hr = FAILED(com.hr) && com.hr != RPC_E_CHANGED_MODE ? com.hr : open_task(folder, name, task, step);
  if (FAILED(hr)) {
    return make_error(is_not_found(hr) ? ErrorKind::NotFound : ErrorKind::Io,
                      "start " + task_path + ": " + step + ": " + win::hresult_text(hr));
  }
  VARIANT none;
  VariantInit(&none);
  ComPtr<IRunningTask> running;
  hr = task->Run(none, running.out());
  if (FAILED(hr)) return make_error(ErrorKind::Io, "start " + task_path + ": IRegisteredTask::Run: " + win::hresult_text(hr));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    TASK_STATE state = TASK_STATE_UNKNOWN;
    if (FAILED(task->get_State(&state)) || (state != TASK_STATE_RUNNING && state != TASK_STATE_QUEUED)) break;
    if (std::chrono::steady_clock::now() > deadline) {
      return make_error(ErrorKind::Timeout, task_path + " still running after " + std::to_string(timeout_ms / 1000) + " s");
    }
  }
  HRESULT result = 0;
  hr = task->get_LastTaskResult(&result);
  if (FAILED(hr)) return make_error(ErrorKind::Io, task_path + ": get_LastTaskResult: " + win::hresult_text(hr));
  return static_cast<std::uint32_t>(result);
}

}  // namespace tpmready::platform
