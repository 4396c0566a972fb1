#include <fmt/format.h>

#include <filesystem>

#include "core/durable_file.h"
#include "report/report.h"

namespace jaga::report {

Result<WrittenReport> write_report_files(const std::string& dir, const DraftedReport& report) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{fmt::format("cannot create report directory {}: {}", dir, ec.message())};
  WrittenReport out;
  const std::string stem = dir + "/" + file_stem(report.number);
  out.pdf_path = stem + ".pdf";
  out.json_path = stem + ".json";
  if (auto r = replace_file(out.json_path, report.json, 0640); !r) return r.error();
  if (auto r = replace_file(out.pdf_path, report.pdf, 0640); !r) return r.error();
  return out;
}

}  // namespace jaga::report
