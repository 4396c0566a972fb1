// sign_pdf: one PAdES signature as an incremental update (ISO 32000-1, 7.5.6 and 12.8;
// ETSI EN 319 142-1). The update holds the signature dictionary, a signature field that is
// also its (invisible) widget on the last page, the AcroForm, the page with the widget added to
// its /Annots, and the catalog pointing at the AcroForm; then a cross-reference section for
// exactly those objects and a trailer whose /Prev is the previous section.
#include <fmt/format.h>

#include <ctime>
#include <map>
#include <optional>
#include <set>

#include "sign/cades.h"
#include "sign/pdf_document.h"
#include "sign/signature_appearance.h"
#include "sign/signer.h"

namespace jaga::sign {
namespace {

using pdf::Array;
using pdf::Dict;
using pdf::Object;
using pdf::Ref;

// Room for the DER signature in /Contents: a chain of a few P-256 or RSA-4096 certificates
// fits easily; an external authority's longer chain too.
constexpr size_t kContentsBytes = 16384;
constexpr int kByteRangeDigits = 10;

std::string pdf_date(TimePoint time) {
  const time_t t = std::chrono::system_clock::to_time_t(time);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "D:%Y%m%d%H%M%SZ", &tm);
  return text;
}

struct FormState {
  std::optional<Ref> acroform_ref;  // when the catalog refers to an AcroForm object
  Dict acroform;
  Array fields;
  std::set<std::string> names;
};

Result<FormState> read_form(const pdf::Document& doc, const Dict& catalog) {
  FormState form;
  if (const Object* acro = catalog.get("AcroForm")) {
    if (acro->ref()) form.acroform_ref = *acro->ref();
    auto resolved = doc.resolve(*acro);
    if (!resolved) return resolved.error();
    if (resolved->dict()) form.acroform = *resolved->dict();
  }
  if (const Object* fields = form.acroform.get("Fields")) {
    auto resolved = doc.resolve(*fields);
    if (!resolved) return resolved.error();
    if (!resolved->array()) return Error{"malformed PDF: the AcroForm's /Fields is not an array"};
    form.fields = *resolved->array();
  }
  for (const Object& field : form.fields) {
    auto resolved = doc.resolve(field);
    if (!resolved) return resolved.error();
    if (!resolved->dict()) continue;
    if (const Object* t = resolved->dict()->get("T"); t && t->string()) {
      form.names.insert(pdf::text_of(*t->string()));
    }
  }
  return form;
}

std::string xref_section(const std::map<int, std::pair<size_t, int>>& offsets) {
  std::string out = "xref\n";
  for (auto it = offsets.begin(); it != offsets.end();) {
    auto end = it;
    int count = 0;
    while (end != offsets.end() && end->first == it->first + count) {
      ++end;
      ++count;
    }
    out += fmt::format("{} {}\n", it->first, count);
    for (auto e = it; e != end; ++e) {
      out += fmt::format("{:010d} {:05d} n\r\n", e->second.first, e->second.second);
    }
    it = end;
  }
  return out;
}

std::string hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) out += fmt::format("{:02X}", c);
  return out;
}

}  // namespace

Result<std::string> sign_pdf(std::string_view pdf_bytes, const SigningIdentity& identity,
                             const PdfSignatureRequest& request) {
  auto doc = pdf::Document::parse(pdf_bytes);
  if (!doc) return doc.error();
  auto catalog_obj = doc->object(doc->root());
  if (!catalog_obj) return catalog_obj.error();
  Dict catalog = *catalog_obj->dict();
  auto page_ref = doc->last_page();
  if (!page_ref) return page_ref.error();
  auto page_obj = doc->object(*page_ref);
  if (!page_obj) return page_obj.error();
  Dict page = *page_obj->dict();
  auto form = read_form(*doc, catalog);
  if (!form) return form.error();

  std::string field_name = request.field_name;
  if (field_name.empty()) {
    for (int n = 1; field_name.empty() || form->names.contains(field_name); ++n) {
      field_name = fmt::format("Signature {}", n);
    }
  } else if (form->names.contains(field_name)) {
    return Error{fmt::format("the PDF has a field named '{}' already", field_name)};
  }

  int next = doc->size();
  const Ref sig_ref{next++, 0};
  const Ref field_ref{next++, 0};
  const Ref acro_ref = form->acroform_ref ? *form->acroform_ref : Ref{next++, 0};
  const std::optional<Ref> appearance_ref =
      request.visible ? std::optional<Ref>(Ref{next++, 0}) : std::nullopt;
  const int new_size = next;
  if (request.visible && (request.visible->width < 1 || request.visible->height < 1)) {
    return Error{"a visible signature needs a rectangle at least 1 point wide and high"};
  }

  Dict field;
  field.set("Type", pdf::make_name("Annot"));
  field.set("Subtype", pdf::make_name("Widget"));
  field.set("FT", pdf::make_name("Sig"));
  field.set("T", pdf::make_text(field_name));
  field.set("V", pdf::make_ref(sig_ref));
  field.set("F", Object{int64_t{132}});  // Print | Locked
  if (request.visible) {
    const PdfRect& r = *request.visible;
    auto real = [](double v) { return Object{pdf::Real{fmt::format("{:.2f}", v)}}; };
    field.set("Rect",
              Object{Array{real(r.x), real(r.y), real(r.x + r.width), real(r.y + r.height)}});
    Dict ap;
    ap.set("N", pdf::make_ref(*appearance_ref));
    field.set("AP", Object{ap});
  } else {
    field.set("Rect", Object{Array{Object{int64_t{0}}, Object{int64_t{0}}, Object{int64_t{0}},
                                   Object{int64_t{0}}}});
  }
  field.set("P", pdf::make_ref(*page_ref));

  Array annots;
  if (const Object* existing = page.get("Annots")) {
    auto resolved = doc->resolve(*existing);
    if (!resolved) return resolved.error();
    if (resolved->array()) annots = *resolved->array();
  }
  annots.push_back(pdf::make_ref(field_ref));
  page.set("Annots", Object{annots});

  form->fields.push_back(pdf::make_ref(field_ref));
  form->acroform.set("Fields", Object{form->fields});
  form->acroform.set("SigFlags", Object{int64_t{3}});  // SignaturesExist | AppendOnly
  catalog.set("AcroForm", pdf::make_ref(acro_ref));

  // The signature dictionary, with placeholders filled in once the layout is known.
  const std::string byte_range_placeholder =
      fmt::format("[0 {0:>{1}} {0:>{1}} {0:>{1}}]", "0", kByteRangeDigits);
  std::string sig = fmt::format(
      "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange {} "
      "/Contents <{}> /M {} /Name {}",
      byte_range_placeholder, std::string(kContentsBytes * 2, '0'),
      pdf::serialize(pdf::make_text(pdf_date(request.signing_time))),
      pdf::serialize(pdf::make_text(identity.info.common_name)));
  if (!request.reason.empty()) sig += " /Reason " + pdf::serialize(pdf::make_text(request.reason));
  if (!request.location.empty()) {
    sig += " /Location " + pdf::serialize(pdf::make_text(request.location));
  }
  if (!request.contact_info.empty()) {
    sig += " /ContactInfo " + pdf::serialize(pdf::make_text(request.contact_info));
  }
  sig += " >>";

  std::string out(pdf_bytes);
  if (out.back() != '\n' && out.back() != '\r') out += '\n';
  std::map<int, std::pair<size_t, int>> offsets;
  auto put = [&](Ref ref, const std::string& body) {
    offsets[ref.num] = {out.size(), ref.gen};
    out += fmt::format("{} {} obj\n{}\nendobj\n", ref.num, ref.gen, body);
  };
  put(sig_ref, sig);
  const size_t sig_offset = offsets[sig_ref.num].first;
  put(field_ref, pdf::serialize(Object{field}));
  if (appearance_ref) {
    put(*appearance_ref, appearance_stream(*request.visible, request.appearance_lines));
  }
  put(acro_ref, pdf::serialize(Object{form->acroform}));
  put(*page_ref, pdf::serialize(Object{page}));
  put(doc->root(), pdf::serialize(Object{catalog}));

  Dict trailer;
  trailer.set("Size", Object{int64_t{new_size}});
  trailer.set("Root", pdf::make_ref(doc->root()));
  for (const char* key : {"Info", "ID"}) {
    if (const Object* value = doc->trailer().get(key)) trailer.set(key, *value);
  }
  trailer.set("Prev", Object{static_cast<int64_t>(doc->newest_xref())});
  const size_t xref_offset = out.size();
  out += xref_section(offsets);
  out += "trailer\n" + pdf::serialize(Object{trailer}) + "\n";
  out += fmt::format("startxref\n{}\n%%EOF\n", xref_offset);

  // /ByteRange covers everything but the hex string of /Contents, delimiters included.
  const size_t range_at = out.find(byte_range_placeholder, sig_offset);
  const size_t contents_start = out.find("/Contents <", sig_offset) + 10;
  const size_t contents_end = contents_start + kContentsBytes * 2 + 2;
  const std::string byte_range =
      fmt::format("[0 {:>{}} {:>{}} {:>{}}]", contents_start, kByteRangeDigits, contents_end,
                  kByteRangeDigits, out.size() - contents_end, kByteRangeDigits);
  if (byte_range.size() != byte_range_placeholder.size()) {
    return Error{"the signed PDF would exceed 9999999999 bytes"};
  }
  out.replace(range_at, byte_range.size(), byte_range);

  std::string covered = out.substr(0, contents_start);
  covered.append(out, contents_end, std::string::npos);
  auto cms = cades_sign(covered, identity, request.signing_time);
  if (!cms) return cms.error();
  if (cms->size() > kContentsBytes) {
    return Error{fmt::format("the signature ({} bytes) does not fit the {} bytes reserved for it",
                             cms->size(), kContentsBytes)};
  }
  const std::string contents = hex(*cms);
  out.replace(contents_start + 1, contents.size(), contents);
  return out;
}

}  // namespace jaga::sign
