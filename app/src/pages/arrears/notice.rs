//! The notice of a case's stage on A4 (缴费通知 / 催缴通知书 / 限期缴费通知书), as the owner reads
//! it: the unit and owner, each fee owed with its period and due date, the total, and from
//! the deadline notice on the late fee (its rate, from which day, the amount to date) and
//! the deadline.

use super::*;
use leptos_router::hooks::use_params_map;

fn title(i18n: I18nContext<Locale>, s: Stage) -> &'static str {
    match s {
        Stage::ReminderNotice => t_string!(i18n, arrears.notice_reminder),
        Stage::DeadlineNotice => t_string!(i18n, arrears.notice_deadline),
        _ => t_string!(i18n, arrears.notice_payment),
    }
}

#[component]
pub fn ArrearsNotice() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    let directory = crate::directory::use_directory();
    let me = crate::session::use_session().me;
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(c) = engine.one::<ArrearsCase>(&id) else {
            return view! { <section class="page"><p>{t!(i18n, arrears.none)}</p></section> }.into_any();
        };
        let (property, hotline) = me.get().map(|m| (m.property_name, m.service_hotline)).unwrap_or_default();
        let owner = directory.with(|d| {
            d.iter().find(|u| u.unit == c.unit).and_then(|u| u.owners.first().map(|o| o.name.clone()))
        });
        let policy = policy(engine);
        let today = today();
        let with_fee = c.stage >= Stage::DeadlineNotice;
        let late_fee = policy.case_late_fee(&c, today);
        let owing: Vec<_> = c.lines.iter().filter(|l| l.amount > 0).cloned().collect();
        let rate = format!("{}", policy.late_fee_per_10000);
        view! {
            <section class="page printable notice-print arrears-notice" id="arrears-notice">
                <p class="notice-property">{property.clone()}</p>
                <h1>{title(i18n, c.stage)}</h1>
                <p class="addressee">{let unit = c.unit.clone(); move || {
                    let english = crate::ticket_text::english(i18n);
                    let name = match (&owner, english) {
                        (Some(o), true) => format!(" ({o})"),
                        (Some(o), false) => o.clone(),
                        (None, _) => String::new(),
                    };
                    t_string!(i18n, arrears.dear_owner).replace("{owner}", &name).replace("{unit}", &unit)
                }}</p>
                <p>{t!(i18n, arrears.notice_body)}</p>
                <table class="notice-lines">
                    <thead><tr><th>{t!(i18n, arrears.fee_type)}</th><th>{t!(i18n, arrears.period)}</th>
                        <th>{t!(i18n, arrears.due)}</th><th>{t!(i18n, arrears.amount)}</th>
                        {with_fee.then(|| view! { <th>{t!(i18n, arrears.late_fee)}</th> })}</tr></thead>
                    <tbody>
                        {owing.iter().map(|l| view! {
                            <tr><td>{fee_text(i18n, l.fee_type)}</td><td>{l.period.clone()}</td><td>{l.due.to_string()}</td>
                                <td>{format_yuan(l.amount)}</td>
                                {with_fee.then(|| view! { <td>{format_yuan(policy.late_fee(l, today))}</td> })}</tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th colspan="3">{t!(i18n, arrears.total)}</th><th id="notice-total">{format_yuan(c.owed())}</th>
                        {with_fee.then(|| view! { <th id="notice-late-fee">{format_yuan(late_fee)}</th> })}</tr></tfoot>
                </table>
                {with_fee.then(|| view! {
                    <p class="late-fee-terms">{
                        // "From the day after the due date" when the fee starts at once, never "the 0th day".
                        let terms = if policy.late_fee_after_days == 0 { t_string!(i18n, arrears.late_fee_terms_next_day) } else { t_string!(i18n, arrears.late_fee_terms) };
                        terms.replace("{rate}", &rate).replace("{days}", &(policy.late_fee_after_days + 1).to_string()).replace("{today}", &today.to_string())
                    }</p>
                    <p class="grand-total"><strong>{t!(i18n, arrears.grand_total)} " " <span id="notice-grand-total">{format_yuan(c.owed().saturating_add(late_fee))}</span></strong></p>
                })}
                {c.deadline.filter(|_| with_fee).map(|d| view! {
                    <p class="deadline"><strong>{t!(i18n, arrears.pay_by)} " " {d.to_string()}</strong></p>
                })}
                <p>{t!(i18n, arrears.notice_where)} " " {hotline}</p>
                <p class="hint">{property} " · " {today.to_string()}</p>
                <p class="signature">{t!(i18n, arrears.received_by)} " ________________ " {t!(i18n, notice.date)} " ____________"</p>
                <button class="no-print primary" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, arrears.print)}</button>
            </section>
        }.into_any()
    }
}
