// Reading the [pki] table (see PkiConfig in config/config.h).
#pragma once

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {

void read_pki_config(TableReader& r, PkiConfig& pki);

}  // namespace jaga::config
