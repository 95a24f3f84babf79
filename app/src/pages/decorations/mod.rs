//! Decorations: the list with today's patrol coverage and open rectification notices (and
//! the printed notice), the application, and a decoration's page with its hot-work permits.

mod apply;
mod detail;
mod hot_work;
mod list;
mod notices;

pub use apply::DecorationApply;
pub use detail::DecorationDetail;
pub use list::DecorationList;
pub use notices::NoticePrint;

use crate::i18n::*;
use steward_domain::decoration::lifecycle::DecorationStatus;

fn status_text(i18n: leptos_i18n::I18nContext<Locale>, s: DecorationStatus) -> &'static str {
    match s {
        DecorationStatus::Submitted => t_string!(i18n, decorations.statuses.submitted),
        DecorationStatus::ServiceApproved => t_string!(i18n, decorations.statuses.service_approved),
        DecorationStatus::Approved => t_string!(i18n, decorations.statuses.approved),
        DecorationStatus::Returned => t_string!(i18n, decorations.statuses.returned),
        DecorationStatus::UnderWay => t_string!(i18n, decorations.statuses.under_way),
        DecorationStatus::Stopped => t_string!(i18n, decorations.statuses.stopped),
        DecorationStatus::AcceptanceBooked => t_string!(i18n, decorations.statuses.acceptance_booked),
        DecorationStatus::Passed => t_string!(i18n, decorations.statuses.passed),
        DecorationStatus::Refunded => t_string!(i18n, decorations.statuses.refunded),
    }
}
