#include "views/triage_view.hpp"

#include "views/json_writers.hpp"
#include "views/triage_form.hpp"

namespace otklik::views {
namespace json = boost::json;

json::object TriageJson(const core::TriageReport& report,
                        const std::optional<core::TriageReview>& review,
                        json::storage_ptr storage) {
    detail::ValueWriter writer(std::move(storage));
    detail::WriteTriage(writer, report, review);
    return std::move(writer.Root().as_object());
}

json::object UnscreenedTriageJson() {
    return json::object{{"decision", "accept"}, {"rules", json::array{}}};
}

}  // namespace otklik::views
