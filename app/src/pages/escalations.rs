//! 升级事项: the tickets past a time limit, as the domain's rule lists them for this role
//! (the supervisor and the manager: all; a department: those sent to it), the latest first,
//! each with how late it is and whether the server has escalated it yet.

use crate::i18n::*;
use crate::session::use_session;
use crate::ticket_text as words;
use leptos::prelude::*;
use steward_domain::ticket::overdue;

#[component]
pub fn Escalations() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let index = crate::tickets::index();
    // How late moves with the clock: read again every half minute.
    let clock = RwSignal::new(crate::clock::now_utc());
    let tick = set_interval_with_handle(
        move || clock.set(crate::clock::now_utc()),
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = tick {
            h.clear();
        }
    });
    let items = move || {
        let Some(role) = session.me.get().map(|m| m.role) else { return Vec::new() };
        let index = index.get();
        let by_id: std::collections::HashMap<&str, &steward_domain::ticket::record::Ticket> =
            index.0.iter().map(|r| (r.id.as_str(), &r.ticket)).collect();
        overdue::list(by_id.iter().map(|(id, t)| (*id, *t)), role, clock.get())
            .into_iter()
            .filter_map(|item| by_id.get(item.id.as_str()).map(|t| ((*t).clone(), item)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="page" id="escalations">
            <h1>{t!(i18n, escalations.title)}</h1>
            <p class="intro">{t!(i18n, escalations.intro)}</p>
            <ul class="cards" id="escalation-list">
                {move || {
                    let items = items();
                    if items.is_empty() {
                        return view! { <li class="empty">{t!(i18n, escalations.empty)}</li> }.into_any();
                    }
                    items.into_iter().map(|(t, item)| {
                        let number = t.number.clone().unwrap_or_else(|| steward_domain::ticket::number::provisional(&item.id));
                        let department = t.department.map_or_else(|| t_string!(i18n, escalations.none), |d| words::department(i18n, d));
                        let state = match &item.escalated_at {
                            Some(at) => t_string!(i18n, escalations.escalated_at).replace("{time}", &words::short_time(at)),
                            None => t_string!(i18n, escalations.not_yet).to_string(),
                        };
                        view! {
                            <li class="card escalation">
                                <div class="page-head">
                                    <a class="escalation-ticket" href=format!("/tickets/{}", item.id)>{number} " · " {t.unit.clone()}</a>
                                    <strong class="tag urgent escalation-late">{words::late(i18n, item.breach.late_minutes)}</strong>
                                </div>
                                <p class="escalation-limit">{words::limit(i18n, item.breach.limit)}</p>
                                <p class="hint">
                                    {words::category(i18n, &t.category)} " · " {t!(i18n, escalations.department)} " " {department} " · "
                                    {t!(i18n, escalations.first_responsible)} " " {t.first_responsible_name.clone()}
                                </p>
                                <p class="hint escalation-state">{state}</p>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </section>
    }
}
