// The page data of the desk's pages, read from the register. Each view is given the page with
// the layout's data (user, role, CSRF token) and returns it with its own added. Callers hold
// DeskState::mutex.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "desk/account_store.h"
#include "desk/desk_state.h"
#include "desk/pages.h"

namespace jaga::desk {

// The inbox of `account`: reports whose next step is the account's role (with the SOP standard
// and the working time left or overdue), and every other report read-only.
Result<PageData> inbox_view(DeskState& desk, const Account& account, TimePoint now, PageData page);

// Report `number` for `account`, with the forms of the actions its role may take now. Error
// "no report" when the register has none.
Result<PageData> report_view(DeskState& desk, const Account& account, const std::string& number,
                             PageData page);

// Why `account` may not take `action` ("finalize", "receive" or "return") on report `number`
// now, in Indonesian for the page: no such report, not drafted, returned and waiting for its
// revision, complete, another official's or another kind of step, or a finalize without the
// Catatan the chain requires. nullopt when the chain's own checks are next (the signer's
// certificate, four eyes), whose refusals the page shows as details for the administrator.
std::optional<std::string> step_refusal(DeskState& desk, const Account& account,
                                        const std::string& number, const std::string& action,
                                        const std::string& note);

// The verification page's result for the document of `number` version `version` (as the QR
// link gives them) or for an uploaded `pdf` (number empty).
PageData verification_view(DeskState& desk, const std::string& number, int version,
                           const std::string& pdf, TimePoint now, PageData page);

// The register ("Daftar Laporan"): every report with its state, what it waits for and whether
// that is overdue at `now`.
Result<PageData> register_view(DeskState& desk, TimePoint now, PageData page);

// The agenda book ("Buku Agenda") with the result of `jaga agenda verify`.
Result<PageData> agenda_view(DeskState& desk, PageData page);

// The signed PDF of version `version` of `number` as the chain left it: the drafted version
// and every signature taken on that version. Error when there is no such version.
Result<std::string> version_pdf(const workflow::ReportStore& reports, const std::string& number,
                                int version);

}  // namespace jaga::desk
