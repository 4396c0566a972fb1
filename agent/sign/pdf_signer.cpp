// sign_pdf: one PAdES signature as an incremental update (ISO 32000-1, 7.5.6 and 12.8;
// ETSI EN 319 142-1). The update holds the signature dictionary, a signature field that is
// also its (invisible) widget on the last page, the AcroForm, the page with the widget added to
// its /Annots, and the catalog pointing at the AcroForm; then a cross-reference section for
// exactly those objects and a trailer whose /Prev is the previous section. Filling a field that
// an earlier (certifying) update created writes only the signature, the field and its appearance.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
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
  std::map<std::string, Ref> unsigned_fields;  // signature fields without /V, by /T
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
      const std::string name = pdf::text_of(*t->string());
      form.names.insert(name);
      const Object* ft = resolved->dict()->get("FT");
      const bool sig = ft && ft->name() && ft->name()->value == "Sig";
      if (sig && resolved->dict()->get("V") == nullptr && field.ref()) {
        form.unsigned_fields[name] = *field.ref();
      }
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

std::string real(double v) { return fmt::format("{:.2f}", v); }

Object rect_of(const PdfRect& r) {
  auto n = [](double v) { return Object{pdf::Real{real(v)}}; };
  return Object{Array{n(r.x), n(r.y), n(r.x + r.width), n(r.y + r.height)}};
}

// A field's /Rect as a PdfRect; none when it is not four numbers.
std::optional<PdfRect> rect_in(const Dict& field) {
  const Object* rect = field.get("Rect");
  if (rect == nullptr || !rect->array() || rect->array()->size() != 4) return std::nullopt;
  double v[4];
  for (size_t i = 0; i < 4; ++i) {
    const Object& o = (*rect->array())[i];
    if (const int64_t* n = o.integer()) {
      v[i] = static_cast<double>(*n);
    } else if (const auto* r = std::get_if<pdf::Real>(&o.value)) {
      v[i] = std::strtod(r->text.c_str(), nullptr);
    } else {
      return std::nullopt;
    }
  }
  return PdfRect{std::min(v[0], v[2]), std::min(v[1], v[3]), std::abs(v[2] - v[0]),
                 std::abs(v[3] - v[1])};
}

Dict empty_field(const std::string& name, Ref page) {
  Dict field;
  field.set("Type", pdf::make_name("Annot"));
  field.set("Subtype", pdf::make_name("Widget"));
  field.set("FT", pdf::make_name("Sig"));
  field.set("T", pdf::make_text(name));
  field.set("F", Object{int64_t{4}});  // Print
  field.set("P", pdf::make_ref(page));
  return field;
}

// The signature dictionary with placeholders for /ByteRange and /Contents.
std::string sig_dictionary(const SigningIdentity& identity, const PdfSignatureRequest& request,
                           const std::string& byte_range_placeholder) {
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
  if (request.certify) {
    sig +=
        " /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type "
        "/TransformParams /P 2 /V /1.2 >> >>]";
  }
  return sig + " >>";
}

// The update under construction: objects appended to the original bytes, with their offsets.
struct Update {
  std::string out;
  std::map<int, std::pair<size_t, int>> offsets;
  void put(Ref ref, const std::string& body) {
    offsets[ref.num] = {out.size(), ref.gen};
    out += fmt::format("{} {} obj\n{}\nendobj\n", ref.num, ref.gen, body);
  }
};

// Closes the update (cross-reference section, trailer), fills in /ByteRange and signs.
Result<std::string> seal(Update u, const pdf::Document& doc, int new_size, size_t sig_offset,
                         const std::string& byte_range_placeholder, const SigningIdentity& identity,
                         TimePoint signing_time) {
  std::string& out = u.out;
  Dict trailer;
  trailer.set("Size", Object{int64_t{new_size}});
  trailer.set("Root", pdf::make_ref(doc.root()));
  for (const char* key : {"Info", "ID"}) {
    if (const Object* value = doc.trailer().get(key)) trailer.set(key, *value);
  }
  trailer.set("Prev", Object{static_cast<int64_t>(doc.newest_xref())});
  const size_t xref_offset = out.size();
  out += xref_section(u.offsets);
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
  auto cms = cades_sign(covered, identity, signing_time);
  if (!cms) return cms.error();
  if (cms->size() > kContentsBytes) {
    return Error{fmt::format("the signature ({} bytes) does not fit the {} bytes reserved for it",
                             cms->size(), kContentsBytes)};
  }
  const std::string contents = hex(*cms);
  out.replace(contents_start + 1, contents.size(), contents);
  return std::move(out);
}

// Fills the existing empty field `field_ref`: only the signature, the field and its appearance.
Result<std::string> fill_field(std::string_view pdf_bytes, const pdf::Document& doc, Ref field_ref,
                               const SigningIdentity& identity, const PdfSignatureRequest& request,
                               const std::string& byte_range_placeholder) {
  auto field_obj = doc.object(field_ref);
  if (!field_obj) return field_obj.error();
  Dict field = *field_obj->dict();
  int next = doc.size();
  const Ref sig_ref{next++, 0};
  const std::optional<PdfRect> rect = rect_in(field);
  const bool visible =
      !request.appearance_lines.empty() && rect && rect->width >= 1 && rect->height >= 1;
  const std::optional<Ref> appearance_ref =
      visible ? std::optional<Ref>(Ref{next++, 0}) : std::nullopt;
  field.set("V", pdf::make_ref(sig_ref));
  if (appearance_ref) {
    Dict ap;
    ap.set("N", pdf::make_ref(*appearance_ref));
    field.set("AP", Object{ap});
  }
  Update u{std::string(pdf_bytes), {}};
  if (u.out.back() != '\n' && u.out.back() != '\r') u.out += '\n';
  u.put(sig_ref, sig_dictionary(identity, request, byte_range_placeholder));
  const size_t sig_offset = u.offsets[sig_ref.num].first;
  u.put(field_ref, pdf::serialize(Object{field}));
  if (appearance_ref) u.put(*appearance_ref, appearance_stream(*rect, request.appearance_lines));
  return seal(std::move(u), doc, next, sig_offset, byte_range_placeholder, identity,
              request.signing_time);
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
  const std::string byte_range_placeholder =
      fmt::format("[0 {0:>{1}} {0:>{1}} {0:>{1}}]", "0", kByteRangeDigits);

  std::string field_name = request.field_name;
  if (field_name.empty()) {
    for (int n = 1; field_name.empty() || form->names.contains(field_name); ++n) {
      field_name = fmt::format("Signature {}", n);
    }
  } else if (auto empty = form->unsigned_fields.find(field_name);
             empty != form->unsigned_fields.end()) {
    if (request.certify) return Error{"a certification signature cannot fill an existing field"};
    if (!request.empty_fields.empty()) {
      return Error{"filling an existing field adds no new fields (DocMDP P=2 forbids it)"};
    }
    return fill_field(pdf_bytes, *doc, empty->second, identity, request, byte_range_placeholder);
  } else if (form->names.contains(field_name)) {
    return Error{fmt::format("the PDF has a field named '{}' already", field_name)};
  }
  if (request.certify && form->names.size() > form->unsigned_fields.size()) {
    return Error{"only the first signature of a document can certify it; this one is signed"};
  }
  for (const PdfFieldSlot& slot : request.empty_fields) {
    if (form->names.contains(slot.name) || slot.name == field_name) {
      return Error{fmt::format("the PDF has a field named '{}' already", slot.name)};
    }
  }

  int next = doc->size();
  const Ref sig_ref{next++, 0};
  const Ref field_ref{next++, 0};
  const Ref acro_ref = form->acroform_ref ? *form->acroform_ref : Ref{next++, 0};
  const std::optional<Ref> appearance_ref =
      request.visible ? std::optional<Ref>(Ref{next++, 0}) : std::nullopt;
  std::vector<Ref> slot_refs;
  for (size_t i = 0; i < request.empty_fields.size(); ++i) slot_refs.push_back(Ref{next++, 0});
  const int new_size = next;
  if (request.visible && (request.visible->width < 1 || request.visible->height < 1)) {
    return Error{"a visible signature needs a rectangle at least 1 point wide and high"};
  }

  Dict field = empty_field(field_name, *page_ref);
  field.set("V", pdf::make_ref(sig_ref));
  field.set("F", Object{int64_t{132}});  // Print | Locked
  if (request.visible) {
    field.set("Rect", rect_of(*request.visible));
    Dict ap;
    ap.set("N", pdf::make_ref(*appearance_ref));
    field.set("AP", Object{ap});
  } else {
    field.set("Rect", Object{Array{Object{int64_t{0}}, Object{int64_t{0}}, Object{int64_t{0}},
                                   Object{int64_t{0}}}});
  }

  Array annots;
  if (const Object* existing = page.get("Annots")) {
    auto resolved = doc->resolve(*existing);
    if (!resolved) return resolved.error();
    if (resolved->array()) annots = *resolved->array();
  }
  annots.push_back(pdf::make_ref(field_ref));
  form->fields.push_back(pdf::make_ref(field_ref));
  for (const Ref& ref : slot_refs) {
    annots.push_back(pdf::make_ref(ref));
    form->fields.push_back(pdf::make_ref(ref));
  }
  page.set("Annots", Object{annots});

  form->acroform.set("Fields", Object{form->fields});
  form->acroform.set("SigFlags", Object{int64_t{3}});  // SignaturesExist | AppendOnly
  catalog.set("AcroForm", pdf::make_ref(acro_ref));
  if (request.certify) {
    Dict perms;
    perms.set("DocMDP", pdf::make_ref(sig_ref));
    catalog.set("Perms", Object{perms});
  }

  Update u{std::string(pdf_bytes), {}};
  if (u.out.back() != '\n' && u.out.back() != '\r') u.out += '\n';
  u.put(sig_ref, sig_dictionary(identity, request, byte_range_placeholder));
  const size_t sig_offset = u.offsets[sig_ref.num].first;
  u.put(field_ref, pdf::serialize(Object{field}));
  if (appearance_ref) {
    u.put(*appearance_ref, appearance_stream(*request.visible, request.appearance_lines));
  }
  for (size_t i = 0; i < slot_refs.size(); ++i) {
    const PdfFieldSlot& slot = request.empty_fields[i];
    if (slot.rect.width < 1 || slot.rect.height < 1) {
      return Error{
          fmt::format("the empty field '{}' needs a rectangle at least 1 point wide "
                      "and high",
                      slot.name)};
    }
    Dict empty = empty_field(slot.name, *page_ref);
    empty.set("Rect", rect_of(slot.rect));
    u.put(slot_refs[i], pdf::serialize(Object{empty}));
  }
  u.put(acro_ref, pdf::serialize(Object{form->acroform}));
  u.put(*page_ref, pdf::serialize(Object{page}));
  u.put(doc->root(), pdf::serialize(Object{catalog}));
  return seal(std::move(u), *doc, new_size, sig_offset, byte_range_placeholder, identity,
              request.signing_time);
}

}  // namespace jaga::sign
