// Runs an external tool (pdftotext, pdfsig, openssl...) through the shell for a test.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace jaga::testing {

struct ToolResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline ToolResult run_tool(const std::string& command) {
  ToolResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The text pdftotext finds in `pdf` (bytes of a PDF document); `options` as for pdftotext.
inline std::string pdf_text(const std::string& pdf, const std::string& options = "-layout") {
  char name[] = "/tmp/jaga-pdf-text-XXXXXX";
  const int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  FILE* f = fdopen(fd, "wb");
  REQUIRE(f != nullptr);
  REQUIRE(fwrite(pdf.data(), 1, pdf.size(), f) == pdf.size());
  REQUIRE(fclose(f) == 0);
  const ToolResult r = run_tool("pdftotext " + options + " " + name + " -");
  std::remove(name);
  REQUIRE(r.exit_code == 0);
  return r.output;
}

}  // namespace jaga::testing
