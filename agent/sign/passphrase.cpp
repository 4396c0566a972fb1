#include "sign/passphrase.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace jaga::sign {
namespace {

std::string strip_line_end(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

Result<std::string> from_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return Error{fmt::format("cannot read passphrase file {}: {}", path, std::strerror(errno))};
  }
  if (!S_ISREG(st.st_mode)) {
    return Error{fmt::format("passphrase file {} is not a regular file", path)};
  }
  if ((st.st_mode & 077) != 0) {
    return Error{fmt::format(
        "passphrase file {} may be read by group or others (mode {:04o}); make it readable by "
        "its owner only: chmod 600 {}",
        path, st.st_mode & 07777, path)};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{fmt::format("cannot read passphrase file {}: {}", path, std::strerror(errno))};
  }
  std::stringstream text;
  text << in.rdbuf();
  // Only the first line counts, so an editor's final newline is not part of the passphrase.
  std::string content = text.str();
  std::string first = strip_line_end(content.substr(0, content.find('\n')));
  if (first.empty()) return Error{fmt::format("passphrase file {} is empty", path)};
  return first;
}

// Reads one line from the terminal with echo off; the terminal settings are restored on every
// path.
Result<std::string> prompt_tty(const std::string& prompt) {
  const int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return Error{"no terminal to ask for it"};
  }
  struct termios old_mode {};
  const bool is_tty = tcgetattr(fd, &old_mode) == 0;
  if (is_tty) {
    struct termios quiet = old_mode;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!write(fd, prompt.data(), prompt.size());
  std::string line;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n') line += c;
  if (is_tty) tcsetattr(fd, TCSAFLUSH, &old_mode);
  close(fd);
  return strip_line_end(std::move(line));
}

}  // namespace

Result<std::string> read_passphrase(const PassphraseSource& source) {
  if (!source.file.empty()) return from_file(source.file);
  if (!source.env.empty()) {
    const char* value = std::getenv(source.env.c_str());
    if (value != nullptr && *value != '\0') return std::string(value);
  }
  const std::string where =
      source.env.empty() ? "--passphrase-file" : fmt::format("--passphrase-file or {}", source.env);
  if (source.prompt.empty()) return Error{fmt::format("no passphrase given (use {})", where)};
  auto first = prompt_tty(source.prompt);
  if (!first)
    return Error{fmt::format("no passphrase given (use {}): {}", where, first.error().message)};
  if (first->empty()) return Error{"the passphrase must not be empty"};
  if (source.confirm) {
    auto again = prompt_tty("Repeat the passphrase: ");
    if (!again) return again.error();
    if (*again != *first) return Error{"the two passphrases differ; nothing was written"};
  }
  return first;
}

}  // namespace jaga::sign
