// The appearance of a visible signature: a form XObject drawing a thin frame and a few lines
// of text in Helvetica (one of the 14 standard fonts every PDF viewer has, so nothing is
// embedded).
#pragma once

#include <string>
#include <vector>

#include "sign/signer.h"

namespace jaga::sign {

// UTF-8 as a PDF literal string in WinAnsiEncoding (Latin-1 for the letters Indonesian names
// use); other characters become '?'.
std::string win_ansi_literal(const std::string& utf8);

// The body of the XObject ("<< ... >>\nstream\n...\nendstream") for a box of `rect`'s size.
std::string appearance_stream(const PdfRect& rect, const std::vector<std::string>& lines);

}  // namespace jaga::sign
