#include "log/logging.h"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace jaga::log {
namespace {

// %*: the message as a JSON string literal (quotes and escapes included).
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string escaped = nlohmann::json(std::string(msg.payload.data(), msg.payload.size()))
                                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

// %&: the line's priority for journald as sd-daemon(3) prefixes it ("<3>" error ... "<7>"
// debug), so that `journalctl -p warning` shows warnings and errors only.
class JournalPriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    int priority = 7;
    switch (msg.level) {
      case spdlog::level::critical:
        priority = 2;
        break;
      case spdlog::level::err:
        priority = 3;
        break;
      case spdlog::level::warn:
        priority = 4;
        break;
      case spdlog::level::info:
        priority = 6;
        break;
      default:
        priority = 7;
        break;
    }
    const char prefix[] = {'<', static_cast<char>('0' + priority), '>'};
    dest.append(prefix, prefix + sizeof prefix);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriorityFlag>();
  }
};

std::unique_ptr<spdlog::formatter> make_formatter(const std::string& format, bool for_journal) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (format == "json") {
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","pid":%P,"message":%*})");
  } else if (for_journal) {
    // journald adds its own timestamp and process name, and reads the priority prefix.
    formatter->add_flag<JournalPriorityFlag>('&').set_pattern("%&%l: %v");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e jaga[%P] %l: %v");
  }
  return formatter;
}

}  // namespace

void setup_default() {
  auto logger =
      std::make_shared<spdlog::logger>("jaga", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(make_formatter("text", false));
  logger->set_level(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

Result<void> setup(const config::AgentConfig& agent, const std::string& level_override,
                   bool one_shot) {
  const std::string level_name = level_override.empty() ? agent.log_level : level_override;
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") {
    return Error{fmt::format("unknown log level \"{}\" (use trace, debug, info, warn or error)",
                             level_name)};
  }
  const bool journal = getenv("JOURNAL_STREAM") != nullptr;  // set by systemd for stderr
  std::vector<spdlog::sink_ptr> sinks;
  auto err = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  err->set_formatter(make_formatter(agent.log_format, journal));
  if (one_shot && level_override.empty()) err->set_level(std::max(level, spdlog::level::warn));
  sinks.push_back(err);
  if (!agent.log_file.empty()) {
    try {
      auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          agent.log_file, static_cast<size_t>(agent.log_file_max_bytes),
          static_cast<size_t>(agent.log_file_count));
      file->set_formatter(make_formatter(agent.log_format, false));
      sinks.push_back(file);
    } catch (const spdlog::spdlog_ex& e) {
      return Error{
          fmt::format("cannot open log file {} (agent.log_file): {}", agent.log_file, e.what())};
    }
  }
  auto logger = std::make_shared<spdlog::logger>("jaga", sinks.begin(), sinks.end());
  logger->set_level(level);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return Ok();
}

}  // namespace jaga::log
