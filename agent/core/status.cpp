#include "core/status.h"

namespace jaga {

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kOk:
      return "OK";
    case Status::kWarn:
      return "WARN";
    case Status::kCrit:
      return "CRIT";
    case Status::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view status_nagios_name(Status status) {
  switch (status) {
    case Status::kOk:
      return "OK";
    case Status::kWarn:
      return "WARNING";
    case Status::kCrit:
      return "CRITICAL";
    case Status::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::optional<Status> parse_status(std::string_view name) {
  for (Status s : {Status::kOk, Status::kWarn, Status::kCrit, Status::kUnknown}) {
    if (name == status_name(s) || name == status_nagios_name(s)) return s;
  }
  return std::nullopt;
}

namespace {
int severity(Status status) {
  switch (status) {
    case Status::kOk:
      return 0;
    case Status::kWarn:
      return 1;
    case Status::kUnknown:
      return 2;
    case Status::kCrit:
      return 3;
  }
  return 2;
}
}  // namespace

Status worse(Status a, Status b) { return severity(a) >= severity(b) ? a : b; }

}  // namespace jaga
