// verify_pdf: finds the signature fields of the newest revision's AcroForm, checks each
// signature's byte range, CMS and certificate, and what the revisions after it changed.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <set>

#include "sign/cades.h"
#include "sign/pdf_document.h"
#include "sign/pdf_parser.h"
#include "sign/signature_verdict.h"
#include "sign/verifier.h"

namespace jaga::sign {
namespace {

using pdf::Dict;
using pdf::Object;
using pdf::Ref;

constexpr int kMaxFieldDepth = 32;

struct FoundSignature {
  std::string field_name;
  Dict sig;
  std::optional<Ref> field_ref;  // when the field is an indirect object
  std::optional<Ref> sig_ref;    // when /V is a reference
};

Result<void> collect_fields(const pdf::Document& doc, const Object& fields, bool inherited_sig,
                            const std::string& parent_name, int depth, std::set<int>& visited,
                            std::vector<FoundSignature>& out) {
  if (depth > kMaxFieldDepth) return Error{"malformed PDF: form fields nested too deeply"};
  auto list = doc.resolve(fields);
  if (!list) return list.error();
  if (!list->array()) return Error{"malformed PDF: /Fields or /Kids is not an array"};
  for (const Object& item : *list->array()) {
    if (const Ref* ref = item.ref(); ref && !visited.insert(ref->num).second) continue;
    auto field = doc.resolve(item);
    if (!field) return field.error();
    const Dict* dict = field->dict();
    if (dict == nullptr) continue;
    const Object* ft = dict->get("FT");
    const bool is_sig = ft ? (ft->name() && ft->name()->value == "Sig") : inherited_sig;
    std::string name = parent_name;
    if (const Object* t = dict->get("T"); t && t->string()) {
      name = (name.empty() ? "" : name + ".") + pdf::text_of(*t->string());
    }
    if (const Object* kids = dict->get("Kids")) {
      auto done = collect_fields(doc, *kids, is_sig, name, depth + 1, visited, out);
      if (!done) return done;
    }
    const Object* v = dict->get("V");
    if (!is_sig || v == nullptr) continue;
    auto sig = doc.resolve(*v);
    if (!sig) return sig.error();
    if (sig->dict()) {
      out.push_back(FoundSignature{name, *sig->dict(),
                                   item.ref() ? std::optional<Ref>(*item.ref()) : std::nullopt,
                                   v->ref() ? std::optional<Ref>(*v->ref()) : std::nullopt});
    }
  }
  return Ok();
}

int64_t int_at(const pdf::Array& a, size_t i) {
  return i < a.size() && a[i].integer() ? *a[i].integer() : -1;
}

// The signed bytes, or a problem with the byte range.
std::string covered_bytes(std::string_view data, const Dict& sig, VerifiedSignature& out,
                          std::string& der) {
  const Object* range = sig.get("ByteRange");
  if (range == nullptr || !range->array() || range->array()->size() != 4) {
    out.problem = "the signature has no /ByteRange of four numbers";
    return {};
  }
  const int64_t b0 = int_at(*range->array(), 0), b1 = int_at(*range->array(), 1);
  const int64_t b2 = int_at(*range->array(), 2), b3 = int_at(*range->array(), 3);
  const auto size = static_cast<int64_t>(data.size());
  if (b0 != 0 || b1 <= 0 || b2 <= b1 + 1 || b3 < 0 || b2 > size || b3 > size - b2) {
    out.problem = fmt::format("/ByteRange [{} {} {} {}] does not fit a file of {} bytes", b0, b1,
                              b2, b3, size);
    return {};
  }
  out.revision_end = static_cast<size_t>(b2 + b3);
  out.covers_whole_file = out.revision_end == data.size();
  if (data[static_cast<size_t>(b1)] != '<' || data[static_cast<size_t>(b2 - 1)] != '>') {
    out.problem = "/ByteRange does not leave out exactly the /Contents hex string";
    return {};
  }
  const Object* contents = sig.get("Contents");
  if (contents == nullptr || !contents->string()) {
    out.problem = "the signature has no /Contents string";
    return {};
  }
  // The excluded gap must be the /Contents this dictionary holds, not some other hex string.
  pdf::Parser gap(data, static_cast<size_t>(b1));
  auto gap_string = gap.object();
  if (!gap_string || !gap_string->string() || gap.pos() != static_cast<size_t>(b2) ||
      gap_string->string()->bytes != contents->string()->bytes) {
    out.problem = "/ByteRange leaves out bytes that are not this signature's /Contents";
    return {};
  }
  der = contents->string()->bytes;
  std::string covered(data.substr(0, static_cast<size_t>(b1)));
  covered.append(data.substr(static_cast<size_t>(b2), static_cast<size_t>(b3)));
  return covered;
}

// Whether a change from `before` (null when new) to `after` is one a later signer may make.
bool allowed_change(const Object& before, const Object& after) {
  const std::string type = after.type();
  const bool is_new = std::holds_alternative<pdf::Null>(before.value);
  if (is_new) {
    if (type == "Sig" || type == "DocTimeStamp") return true;
    // A signature field (and its widget); any other annotation could show new text on a page.
    if (after.dict()) {
      const Object* ft = after.dict()->get("FT");
      if (ft && ft->name() && ft->name()->value == "Sig") return true;
    }
    if (after.dict() && after.dict()->get("Fields")) return true;  // a new AcroForm
    return type == "XObject";  // a visible signature's appearance
  }
  if (before.dict() && after.dict()) {
    const Dict& b = *before.dict();
    const Dict& a = *after.dict();
    if (type == "Catalog") return pdf::equal_except(b, a, {"AcroForm"});
    if (type == "Page") return pdf::equal_except(b, a, {"Annots"});
    // An empty signature field filled: its signature and appearance, nothing else.
    const Object* ft = b.get("FT");
    if (ft && ft->name() && ft->name()->value == "Sig" && b.get("V") == nullptr) {
      return pdf::equal_except(b, a, {"V", "AP"});
    }
    if (b.get("Fields") && a.get("Fields")) return pdf::equal_except(b, a, {"Fields", "SigFlags"});
  }
  // An /Annots or /Fields array object that only grew.
  if (before.array() && after.array()) {
    const auto& b = *before.array();
    const auto& a = *after.array();
    return a.size() >= b.size() &&
           std::equal(b.begin(), b.end(), a.begin(),
                      [](const Object& x, const Object& y) { return pdf::equal(x, y); });
  }
  return false;
}

// The index of the newest revision that ends within `revision_end` bytes; kNewest when none.
size_t revision_at(const pdf::Document& doc, size_t revision_end) {
  size_t found = pdf::Document::kNewest;
  for (size_t i = 0; i < doc.revisions().size(); ++i) {
    if (doc.revisions()[i].xref_offset < revision_end) found = i;
  }
  return found;
}

bool is_signature_field(const Object& o) {
  const Object* ft = o.dict() ? o.dict()->get("FT") : nullptr;
  return ft && ft->name() && ft->name()->value == "Sig";
}

// `certified`: the document was certified at or before the signed revision, so a signature
// field added later is not a permitted change.
std::string later_changes(const pdf::Document& doc, size_t revision_end, bool certified) {
  const auto& revisions = doc.revisions();
  const size_t signed_revision = revision_at(doc, revision_end);
  if (signed_revision == pdf::Document::kNewest) return "no cross-reference table lies inside it";
  for (size_t i = signed_revision + 1; i < revisions.size(); ++i) {
    for (const auto& [num, entry] : revisions[i].entries) {
      const Ref ref{num, entry.gen};
      auto before = doc.object(ref, signed_revision);
      auto after = doc.object(ref, i);
      if (!before || !after) return fmt::format("object {} cannot be read", num);
      if (!entry.in_use) {
        if (std::holds_alternative<pdf::Null>(before->value)) continue;
        return fmt::format("object {} was deleted", num);
      }
      if (certified && std::holds_alternative<pdf::Null>(before->value) &&
          is_signature_field(*after)) {
        return fmt::format(
            "a signature field (object {}) was added after certification, which DocMDP P=2 "
            "does not permit (only existing fields may be filled)",
            num);
      }
      if (!allowed_change(*before, *after)) {
        const std::string type = after->type();
        const bool added = std::holds_alternative<pdf::Null>(before->value);
        return fmt::format("object {}{} was {}", num,
                           type.empty() ? "" : fmt::format(" (a /{})", type),
                           added ? "added" : "changed");
      }
    }
  }
  return {};
}

// A PDF date "D:YYYYMMDDHHmmSS" with an optional "Z" or "+HH'mm'" / "-HH'mm'" offset (ISO
// 32000-1, 7.9.4); none when absent or not of that form.
std::optional<TimePoint> pdf_date(const Object* value) {
  if (value == nullptr || !value->string()) return std::nullopt;
  const std::string text = pdf::text_of(*value->string());
  struct tm tm {};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "D:%4d%2d%2d%2d%2d%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  TimePoint time = std::chrono::system_clock::from_time_t(timegm(&tm));
  const char* zone = text.c_str() + consumed;
  int hours = 0;
  int minutes = 0;
  if ((zone[0] == '+' || zone[0] == '-') &&
      std::sscanf(zone + 1, "%2d'%2d", &hours, &minutes) >= 1) {
    const auto offset = std::chrono::hours(hours) + std::chrono::minutes(minutes);
    time = zone[0] == '+' ? time - offset : time + offset;
  }
  return time;
}

// The certification's signature dictionary: the catalog's /Perms /DocMDP reference.
std::optional<Ref> docmdp_ref(const pdf::Document& doc, const Dict& catalog) {
  const Object* perms = catalog.get("Perms");
  if (perms == nullptr) return std::nullopt;
  auto resolved = doc.resolve(*perms);
  if (!resolved || !resolved->dict()) return std::nullopt;
  const Object* docmdp = resolved->dict()->get("DocMDP");
  return docmdp && docmdp->ref() ? std::optional<Ref>(*docmdp->ref()) : std::nullopt;
}

// /P of the /DocMDP transform in the signature's /Reference; none without one (P defaults to 2
// when the transform has no /P, ISO 32000-1 table 254).
std::optional<int> docmdp_permission(const pdf::Document& doc, const Dict& sig) {
  const Object* refs = sig.get("Reference");
  if (refs == nullptr) return std::nullopt;
  auto list = doc.resolve(*refs);
  if (!list || !list->array()) return std::nullopt;
  for (const Object& item : *list->array()) {
    auto reference = doc.resolve(item);
    if (!reference || !reference->dict()) continue;
    const Object* method = reference->dict()->get("TransformMethod");
    if (!method || !method->name() || method->name()->value != "DocMDP") continue;
    const Object* params = reference->dict()->get("TransformParams");
    auto resolved = params ? doc.resolve(*params) : Result<Object>(Object{});
    if (!resolved || !resolved->dict()) return 2;
    const Object* p = resolved->dict()->get("P");
    return p && p->integer() ? static_cast<int>(*p->integer()) : 2;
  }
  return std::nullopt;
}

// Whether the field `ref` did not exist in revision `index` (it was added after it).
bool added_after(const pdf::Document& doc, const std::optional<Ref>& ref, size_t index) {
  if (!ref || index == pdf::Document::kNewest) return false;
  auto before = doc.object(*ref, index);
  return before && std::holds_alternative<pdf::Null>(before->value);
}

}  // namespace

Result<std::vector<VerifiedSignature>> verify_pdf(std::string_view data, const TrustStore& trust,
                                                  TimePoint now) {
  auto doc = pdf::Document::parse(data);
  if (!doc) return doc.error();
  auto catalog = doc->object(doc->root());
  if (!catalog) return catalog.error();
  std::vector<FoundSignature> found;
  if (const Object* acro = catalog->dict()->get("AcroForm")) {
    auto form = doc->resolve(*acro);
    if (!form) return form.error();
    if (form->dict()) {
      if (const Object* fields = form->dict()->get("Fields")) {
        std::set<int> visited;
        auto done = collect_fields(*doc, *fields, false, "", 0, visited, found);
        if (!done) return done.error();
      }
    }
  }
  // The certification: the signature /Perms names, with a /DocMDP transform, and its revision.
  const std::optional<Ref> certifying = docmdp_ref(*doc, *catalog->dict());
  std::optional<size_t> certified_end;
  for (const FoundSignature& f : found) {
    if (certifying && f.sig_ref == certifying && docmdp_permission(*doc, f.sig)) {
      VerifiedSignature probe;
      std::string der;
      covered_bytes(data, f.sig, probe, der);
      if (probe.revision_end > 0) certified_end = probe.revision_end;
    }
  }
  std::vector<VerifiedSignature> results;
  for (const FoundSignature& f : found) {
    VerifiedSignature out;
    out.field_name = f.field_name;
    if (certifying && f.sig_ref == certifying) {
      out.docmdp_permission = docmdp_permission(*doc, f.sig);
      out.certification = out.docmdp_permission.has_value();
    }
    if (const Object* r = f.sig.get("Reason"); r && r->string())
      out.reason = pdf::text_of(*r->string());
    if (const Object* l = f.sig.get("Location"); l && l->string()) {
      out.location = pdf::text_of(*l->string());
    }
    const Object* sub = f.sig.get("SubFilter");
    const std::string sub_filter = sub && sub->name() ? sub->name()->value : "";
    std::string der;
    const std::string covered = covered_bytes(data, f.sig, out, der);
    if (out.problem.empty() && sub_filter != "ETSI.CAdES.detached" &&
        sub_filter != "adbe.pkcs7.detached") {
      out.problem = fmt::format("unsupported /SubFilter /{}", sub_filter);
    }
    if (out.problem.empty()) {
      auto check = cades_check(covered, der);
      if (!check) {
        out.problem = check.error().message;
      } else {
        // Signers that follow PAdES baseline strictly state the time only in /M.
        if (!check->signing_time) check->signing_time = pdf_date(f.sig.get("M"));
        judge(*check, trust, now, out);
      }
    }
    const size_t certified_revision =
        certified_end ? revision_at(*doc, *certified_end) : pdf::Document::kNewest;
    if (out.valid && !out.certification && certified_end && out.revision_end > *certified_end &&
        added_after(*doc, f.field_ref, certified_revision)) {
      out.valid = false;
      out.problem =
          "this signature's field was added after the document was certified (DocMDP P=2 "
          "permits only filling the fields the certification left empty)";
    }
    if (out.valid && !out.covers_whole_file) {
      const bool certified = certified_end && out.revision_end >= *certified_end;
      const std::string change = later_changes(*doc, out.revision_end, certified);
      if (!change.empty()) {
        out.valid = false;
        out.problem = "the document was changed after this signature: " + change;
      }
    }
    results.push_back(std::move(out));
  }
  std::stable_sort(results.begin(), results.end(),
                   [](const auto& a, const auto& b) { return a.revision_end < b.revision_end; });
  for (size_t i = 0; i < results.size(); ++i) results[i].index = static_cast<int>(i + 1);
  return results;
}

}  // namespace jaga::sign
